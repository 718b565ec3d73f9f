package dev.flywheel.platform.s3;

import dev.flywheel.platform.DataDirectory;
import dev.flywheel.platform.EmbeddedService;
import dev.flywheel.platform.PortInUseException;
import dev.flywheel.platform.Ports;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 API server in this JVM: S3Proxy in front of the jclouds {@code filesystem} provider, so buckets
 * are folders and objects are files under the data directory.
 *
 * <p>Requests must be signed (AWS signature v4, or v2) with the configured access key and secret key;
 * anything else is refused with 403. The region is not checked by the server: clients sign with
 * {@link #region()}. <b>Clients must use path-style addressing</b>
 * ({@code http://127.0.0.1:9000/bucket/key}; AWS SDK v2: {@code forcePathStyle(true)}): the server
 * knows no virtual-host name, and {@code bucket.127.0.0.1} does not resolve anyway.
 *
 * <p>The buckets named in the builder exist once {@link #start()} returns. A fresh data directory is
 * deleted on stop; a persistent one keeps buckets and objects across restarts.
 */
public final class EmbeddedS3 implements EmbeddedService {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3.class);
    /** S3's own rule for bucket names, which the filesystem provider would otherwise not enforce. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final String host;
    private final int configuredPort;
    private final Path configuredDataDir;
    private final String accessKey;
    private final String secretKey;
    private final String region;
    private final List<String> buckets;
    private final Duration startTimeout;

    private S3Proxy proxy;
    private BlobStoreContext context;
    private DataDirectory dataDir;
    private int port;

    private EmbeddedS3(Builder builder) {
        this.host = builder.host;
        this.configuredPort = builder.port;
        this.configuredDataDir = builder.dataDir;
        this.accessKey = builder.accessKey;
        this.secretKey = builder.secretKey;
        this.region = builder.region;
        this.buckets = List.copyOf(builder.buckets);
        this.startTimeout = builder.startTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public synchronized void start() {
        if (proxy != null) {
            return;
        }
        int chosenPort = Ports.resolve("S3 server", host, configuredPort);
        DataDirectory dir = DataDirectory.of(configuredDataDir, "s3");
        this.dataDir = dir;
        this.port = chosenPort;
        boolean started = false;
        try {
            Path blobs = dir.path().resolve("buckets");
            Files.createDirectories(blobs);
            this.context = filesystemContext(blobs);
            BlobStore blobStore = context.getBlobStore();
            for (String bucket : buckets) {
                blobStore.createContainerInLocation(null, bucket); // false when it exists already: fine
            }
            this.proxy = S3Proxy.builder()
                    .blobStore(blobStore)
                    .endpoint(URI.create("http://" + host + ":" + chosenPort))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            proxy.start();
            awaitListening();
            log.info("S3 server ready at {} (buckets {}, region {}, path-style, data in {})",
                    endpoint(), buckets, region, dir.path());
            started = true;
        } catch (Exception e) {
            if (isBindFailure(e)) {
                throw new PortInUseException("S3 server", host, chosenPort, e);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("S3 server failed to start on " + host + ":" + chosenPort + ": "
                    + e.getMessage(), e);
        } finally {
            if (!started) {
                abortStart(); // also after an Error, e.g. a missing class
            }
        }
    }

    private static BlobStoreContext filesystemContext(Path baseDir) {
        Properties overrides = new Properties();
        overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, baseDir.toString());
        return ContextBuilder.newBuilder("filesystem")
                .overrides(overrides)
                .build(BlobStoreContext.class);
    }

    /** Jetty has bound the port once start() returns; a connect proves it answers. */
    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 1_000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("S3 server at " + host + ":" + port + " does not accept connections "
                            + "after " + startTimeout + " (state " + proxy.getState() + ")", e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private void abortStart() {
        try {
            stopProxy();
        } catch (Exception suppressed) {
            log.warn("S3 server did not stop cleanly after a failed start", suppressed);
        } finally {
            releaseResources();
        }
    }

    @Override
    public synchronized void stop() {
        if (proxy == null) {
            return;
        }
        log.info("Stopping S3 server at {}", endpoint());
        try {
            stopProxy();
        } catch (Exception e) {
            throw new IllegalStateException("S3 server at " + host + ":" + port + " did not stop cleanly", e);
        } finally {
            releaseResources();
        }
    }

    private void stopProxy() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
    }

    private void releaseResources() {
        proxy = null;
        if (context != null) {
            context.close();
            context = null;
        }
        if (dataDir != null) {
            dataDir.release();
            dataDir = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return proxy != null;
    }

    /** {@code http://host:port}: the endpoint override for S3 clients (path-style). */
    @Override
    public synchronized String endpoint() {
        if (proxy == null) {
            throw new IllegalStateException("S3 server is not running");
        }
        return "http://" + host + ":" + port;
    }

    public synchronized int port() {
        endpoint();
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** The region clients sign requests with. */
    public String region() {
        return region;
    }

    /** Buckets created at start, first one the default. */
    public List<String> buckets() {
        return buckets;
    }

    /** Where buckets and objects lie, while running: one folder per bucket. */
    public synchronized Path dataDirectory() {
        endpoint();
        return dataDir.path();
    }

    /** Settings of an embedded S3 server. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 9000;
        private Path dataDir;
        private String accessKey = "flywheel";
        private String secretKey = "flywheel-secret";
        private String region = "us-east-1";
        private final Set<String> buckets = new LinkedHashSet<>(List.of("flywheel"));
        private Duration startTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Default 9000; {@code 0} picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A persistent data directory; unset: a fresh one, deleted on stop. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Credentials every request must be signed with; default {@code flywheel} / {@code flywheel-secret}. */
        public Builder credentials(String accessKey, String secretKey) {
            if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
                throw new IllegalArgumentException("S3 access key and secret key must both be non-blank");
            }
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        /** Region clients sign with (not enforced by the server); default {@code us-east-1}. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Buckets to create at start, replacing the default {@code flywheel}. */
        public Builder buckets(String... names) {
            List<String> checked = new ArrayList<>();
            for (String name : names) {
                if (name == null || !BUCKET_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("Invalid S3 bucket name '" + name
                            + "': 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit");
                }
                checked.add(name);
            }
            buckets.clear();
            buckets.addAll(checked);
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        public EmbeddedS3 build() {
            return new EmbeddedS3(this);
        }
    }
}
