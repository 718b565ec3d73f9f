package dev.flywheel.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Reads the dataset and writes the outputs, on S3 (AWS SDK v2, its own retries) or the local file system. The S3
 * client is made on first use from the standard AWS variables ({@code AWS_ACCESS_KEY_ID}, {@code AWS_REGION}, ...)
 * plus {@code AWS_ENDPOINT_URL} (or {@code FLYWHEEL_S3_ENDPOINT}) and {@code FLYWHEEL_S3_PATH_STYLE} for other S3
 * APIs.
 */
final class Storage implements AutoCloseable {

    private final Map<String, String> env;
    private S3Client s3;

    Storage(Map<String, String> env) {
        this.env = env;
    }

    /** Copies the object at {@code uri} to {@code target}; a missing object is bad input. */
    Path fetch(URI uri, Path target) {
        try {
            if ("file".equals(uri.getScheme())) {
                Path source = Path.of(uri);
                if (!Files.isRegularFile(source)) {
                    throw new BadInputException("dataset not found: " + source);
                }
                return Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(target);
            s3().getObject(GetObjectRequest.builder().bucket(uri.getHost()).key(key(uri)).build(), target);
            return target;
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new BadInputException("dataset not found: " + uri, e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + uri + " failed", e);
        } catch (SdkException e) {
            throw new IllegalStateException("reading " + uri + " failed: " + e.getMessage(), e);
        }
    }

    /** Writes {@code file} as {@code name} under the folder {@code folder}; returns the object's URI. */
    URI put(URI folder, String name, Path file) {
        URI target = child(folder, name);
        try {
            if ("file".equals(target.getScheme())) {
                Path path = Path.of(target);
                Files.createDirectories(path.getParent());
                Files.copy(file, path, StandardCopyOption.REPLACE_EXISTING);
            } else {
                s3().putObject(PutObjectRequest.builder().bucket(target.getHost()).key(key(target)).build(),
                        RequestBody.fromFile(file));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + " failed", e);
        } catch (SdkException e) {
            throw new IllegalStateException("writing " + target + " failed: " + e.getMessage(), e);
        }
    }

    /** The URI of {@code name} inside the folder {@code folder}. */
    static URI child(URI folder, String name) {
        String text = folder.toString();
        return URI.create(text.endsWith("/") ? text + name : text + "/" + name);
    }

    private static String key(URI uri) {
        return uri.getPath().substring(1);
    }

    private S3Client s3() {
        if (s3 == null) {
            S3ClientBuilder builder = S3Client.builder().credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .region(Region.of(env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"))))
                    .forcePathStyle(Boolean.parseBoolean(env.getOrDefault("FLYWHEEL_S3_PATH_STYLE", "false")));
            Optional.ofNullable(env.getOrDefault("FLYWHEEL_S3_ENDPOINT", env.get("AWS_ENDPOINT_URL")))
                    .filter(s -> !s.isBlank()).map(URI::create).ifPresent(builder::endpointOverride);
            s3 = builder.build();
        }
        return s3;
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}
