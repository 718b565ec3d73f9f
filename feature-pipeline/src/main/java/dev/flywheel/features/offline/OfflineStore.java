package dev.flywheel.features.offline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 boundary of the offline tier and the dataset builder: puts, gets and lists through the AWS SDK v2, each
 * call retried by the one policy of {@link S3ErrorHandler} (bounded attempts, doubling backoff, one WARN per retry).
 * The SDK's own retries are off, so that policy is the only one. Thread-safe; close it to release the HTTP pool.
 */
public final class OfflineStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OfflineStore.class);

    /** Time of one S3 call, retries included, by operation (put, get, list) and outcome (ok, error). */
    public static final String LATENCY = "flywheel.s3.latency";

    private final OfflineStoreConfig config;
    private final S3Client client;
    private final MeterRegistry meters;

    private OfflineStore(OfflineStoreConfig config, S3Client client, MeterRegistry meters) {
        this.config = config;
        this.client = client;
        this.meters = meters;
    }

    /** Opens a client for the settings that times nothing (command-line tools). */
    public static OfflineStore open(OfflineStoreConfig config) {
        return open(config, null);
    }

    /**
     * Opens a client for the settings that times every call in {@link #LATENCY}.
     *
     * @param config the settings
     * @param meters where the calls are timed; {@code null} times nothing
     * @return the store
     */
    public static OfflineStore open(OfflineStoreConfig config, MeterRegistry meters) {
        S3ClientBuilder builder = S3Client.builder().region(Region.of(config.region()))
                .forcePathStyle(config.pathStyle())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1))
                        .apiCallTimeout(config.callTimeout()));
        config.endpoint().ifPresent(builder::endpointOverride);
        builder.credentialsProvider(config.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey().get(),
                        config.secretKey().orElse("")))
                : DefaultCredentialsProvider.builder().build());
        return new OfflineStore(config, builder.build(), meters);
    }

    /** The settings. */
    public OfflineStoreConfig config() {
        return config;
    }

    /** The {@code s3://bucket/key} URI of a key. */
    public String uri(String key) {
        return config.uri(key);
    }

    /**
     * Puts a complete object in one request: S3 makes it visible whole or not at all.
     *
     * @return the object's entity tag
     */
    public String put(String key, byte[] content, String contentType) {
        return call("put " + uri(key) + " (" + content.length + " bytes)", () -> unquote(client.putObject(
                PutObjectRequest.builder().bucket(config.bucket()).key(key).contentType(contentType).build(),
                RequestBody.fromBytes(content)).eTag()));
    }

    /** Puts a local file as one object (one request). */
    public String put(String key, Path file, String contentType) {
        return call("put " + uri(key) + " from " + file, () -> unquote(client.putObject(
                PutObjectRequest.builder().bucket(config.bucket()).key(key).contentType(contentType).build(),
                RequestBody.fromFile(file)).eTag()));
    }

    /**
     * Downloads an object to a local file, replacing it.
     *
     * @return false when there is no such key
     */
    public boolean download(String key, Path target) {
        return call("get " + uri(key), () -> {
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            try {
                Files.deleteIfExists(partial);
                client.getObject(GetObjectRequest.builder().bucket(config.bucket()).key(key).build(),
                        ResponseTransformer.toFile(partial));
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                return true;
            } catch (NoSuchKeyException e) {
                return false;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Reads a small object whole; empty when there is no such key. */
    public Optional<byte[]> read(String key) {
        return call("get " + uri(key), () -> {
            try {
                return Optional.of(client.getObjectAsBytes(GetObjectRequest.builder().bucket(config.bucket())
                        .key(key).build()).asByteArray());
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
        });
    }

    /** Every object under a key prefix, sorted by key. */
    public List<StoredObject> list(String prefix) {
        List<StoredObject> objects = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = call("list " + uri(prefix), () -> client.listObjectsV2(ListObjectsV2Request
                    .builder().bucket(config.bucket()).prefix(prefix).continuationToken(continuation).build()));
            for (S3Object object : page.contents()) {
                if (object.key().endsWith("/")) {
                    continue; // a folder marker (S3Proxy's filesystem provider lists its directories)
                }
                objects.add(new StoredObject(object.key(), object.size(), unquote(object.eTag()),
                        object.lastModified() == null ? java.time.Instant.EPOCH : object.lastModified()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        objects.sort(Comparator.comparing(StoredObject::key));
        return objects;
    }

    /** Releases the HTTP pool. */
    @Override
    public void close() {
        client.close();
    }

    <T> T call(String what, Supplier<T> action) {
        if (meters == null) {
            return retried(what, action);
        }
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = retried(what, action);
            outcome = "ok";
            return result;
        } finally {
            Timer.builder(LATENCY).tag("operation", what.substring(0, what.indexOf(' '))).tag("outcome", outcome)
                    .description("Time of one S3 call, retries included").register(meters)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private <T> T retried(String what, Supplier<T> action) {
        Duration backoff = config.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (SdkException | java.io.UncheckedIOException e) {
                boolean retriable = S3ErrorHandler.classify(e) == S3ErrorHandler.Decision.RETRIABLE;
                if (!retriable || attempt >= config.maxAttempts()) {
                    throw new OfflineStoreException(what + " failed after " + attempt + " attempt(s): "
                            + e.getMessage(), retriable, e);
                }
                LOG.warn("S3 {} failed (attempt {}/{}), retrying in {} ms: {}", what, attempt, config.maxAttempts(),
                        backoff.toMillis(), e.getMessage());
                sleep(backoff);
                backoff = min(backoff.multipliedBy(2), config.maxBackoff());
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OfflineStoreException("interrupted while waiting to retry an S3 call", false, e);
        }
    }

    private static String unquote(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }
}
