package dev.flywheel.platform;

import dev.flywheel.platform.kafka.EmbeddedKafka;
import dev.flywheel.platform.redis.EmbeddedRedis;
import dev.flywheel.platform.redis.RedisBinary;
import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.s3.EmbeddedS3;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All of Flywheel's infrastructure in one call: Kafka broker, schema registry, Redis and S3, started in
 * that order (the registry stores its schemas in Kafka) and stopped in the reverse order. Each can be
 * skipped. Ports default to the ecosystem's (9092, 8081, 6379, 9000); {@code 0} picks free ones.
 *
 * <p>One data directory root holds a folder per service ({@code kafka/}, {@code redis/}, {@code s3/}; the
 * registry keeps its state in Kafka's {@code _schemas} topic). Without a root every service gets a fresh
 * temporary directory, deleted on stop.
 *
 * <p>If a service fails to start, the ones already started are stopped again and the failure is
 * rethrown as it was (e.g. a {@link PortInUseException} naming the service and port), with any failure
 * to stop attached as suppressed.
 */
public final class EmbeddedPlatform implements AutoCloseable {

    /** The services, in start order. */
    public enum Service {
        KAFKA, REGISTRY, REDIS, S3
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPlatform.class);

    private final Builder settings;
    private final Deque<EmbeddedService> started = new ArrayDeque<>();
    private Endpoints endpoints;

    private EmbeddedPlatform(Builder builder) {
        this.settings = builder.copy();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every service that is not skipped, in order, and returns where clients reach them. Starting
     * a running platform returns its endpoints.
     */
    public synchronized Endpoints start() {
        if (endpoints != null) {
            return endpoints;
        }
        long begin = System.nanoTime();
        String bootstrapServers = settings.externalBootstrapServers;
        String registryUrl = null;
        String redisUrl = null;
        String s3Endpoint = null;
        try {
            if (settings.enabled(Service.KAFKA)) {
                EmbeddedKafka kafka = startService(kafka());
                bootstrapServers = kafka.bootstrapServers();
            }
            if (settings.enabled(Service.REGISTRY)) {
                registryUrl = startService(settings.registryFactory.apply(
                        new RegistrySettings(settings.host, settings.registryPort, bootstrapServers))).endpoint();
            }
            if (settings.enabled(Service.REDIS)) {
                redisUrl = startService(redis()).url();
            }
            if (settings.enabled(Service.S3)) {
                s3Endpoint = startService(s3()).endpoint();
            }
        } catch (RuntimeException | Error e) {
            log.error("Embedded platform failed to start ({}); stopping what was started", e.getMessage());
            stopStarted(e);
            throw e;
        }
        boolean s3 = settings.enabled(Service.S3);
        endpoints = new Endpoints(
                settings.enabled(Service.KAFKA) ? bootstrapServers : null,
                registryUrl,
                redisUrl,
                s3Endpoint,
                s3 ? settings.s3Region : null,
                s3 ? settings.buckets.get(0) : null,
                s3 ? settings.s3AccessKey : null,
                s3 ? settings.s3SecretKey : null);
        log.info("Embedded platform up in {} ms: {}", (System.nanoTime() - begin) / 1_000_000, endpoints);
        return endpoints;
    }

    private <S extends EmbeddedService> S startService(S service) {
        service.start();
        started.push(service);
        return service;
    }

    private EmbeddedKafka kafka() {
        return EmbeddedKafka.builder()
                .host(settings.host)
                .port(settings.kafkaPort)
                .dataDir(settings.dataDirOf("kafka"))
                .build();
    }

    private EmbeddedRedis redis() {
        return EmbeddedRedis.builder()
                .host(settings.host)
                .port(settings.redisPort)
                .dataDir(settings.dataDirOf("redis"))
                .password(settings.redisPassword)
                .binary(settings.redisBinary)
                .build();
    }

    private EmbeddedS3 s3() {
        return EmbeddedS3.builder()
                .host(settings.host)
                .port(settings.s3Port)
                .dataDir(settings.dataDirOf("s3"))
                .credentials(settings.s3AccessKey, settings.s3SecretKey)
                .region(settings.s3Region)
                .buckets(settings.buckets.toArray(String[]::new))
                .build();
    }

    /** Stops every service in reverse start order, even when one of them fails to stop. */
    public synchronized void stop() {
        if (started.isEmpty()) {
            endpoints = null;
            return;
        }
        RuntimeException first = stopStarted(null);
        endpoints = null;
        if (first != null) {
            throw first;
        }
    }

    /**
     * Stops what was started, newest first. Failures to stop are attached to {@code cause} when given,
     * else the first is returned with the others suppressed.
     */
    private RuntimeException stopStarted(Throwable cause) {
        RuntimeException first = null;
        while (!started.isEmpty()) {
            EmbeddedService service = started.pop();
            try {
                service.stop();
            } catch (RuntimeException e) {
                log.error("Embedded {} did not stop cleanly", service.name(), e);
                if (cause != null) {
                    cause.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }

    public synchronized boolean isRunning() {
        return endpoints != null;
    }

    /** Where clients reach the services; only while running. */
    public synchronized Endpoints endpoints() {
        if (endpoints == null) {
            throw new IllegalStateException("Embedded platform is not running");
        }
        return endpoints;
    }

    /** The running services, in start order. */
    public synchronized List<EmbeddedService> services() {
        List<EmbeddedService> inStartOrder = new ArrayList<>(started);
        Collections.reverse(inStartOrder);
        return List.copyOf(inStartOrder);
    }

    @Override
    public void close() {
        stop();
    }

    /** What the platform hands the registry factory: where to listen and which Kafka to store in. */
    record RegistrySettings(String host, int port, String bootstrapServers) {
    }

    /** Settings of the whole platform; each service's own defaults apply where not set. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private Path dataRoot;
        private final Set<Service> skipped = EnumSet.noneOf(Service.class);
        private int kafkaPort = 9092;
        private int registryPort = 8081;
        private int redisPort = 6379;
        private int s3Port = 9000;
        private String externalBootstrapServers;
        private String redisPassword;
        private RedisBinary redisBinary = RedisBinary.AUTO;
        private String s3AccessKey = "flywheel";
        private String s3SecretKey = "flywheel-secret";
        private String s3Region = "us-east-1";
        private List<String> buckets = List.of("flywheel");
        private Function<RegistrySettings, EmbeddedService> registryFactory = Builder::schemaRegistry;

        private Builder() {
        }

        private Builder copy() {
            Builder copy = new Builder();
            copy.host = host;
            copy.dataRoot = dataRoot;
            copy.skipped.addAll(skipped);
            copy.kafkaPort = kafkaPort;
            copy.registryPort = registryPort;
            copy.redisPort = redisPort;
            copy.s3Port = s3Port;
            copy.externalBootstrapServers = externalBootstrapServers;
            copy.redisPassword = redisPassword;
            copy.redisBinary = redisBinary;
            copy.s3AccessKey = s3AccessKey;
            copy.s3SecretKey = s3SecretKey;
            copy.s3Region = s3Region;
            copy.buckets = buckets;
            copy.registryFactory = registryFactory;
            return copy;
        }

        private boolean enabled(Service service) {
            return !skipped.contains(service);
        }

        private Path dataDirOf(String service) {
            return dataRoot == null ? null : dataRoot.resolve(service);
        }

        private static EmbeddedService schemaRegistry(RegistrySettings settings) {
            return SchemaRegistryServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    .bootstrapServers(settings.bootstrapServers())
                    .build();
        }

        /** Address every service binds and advertises; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * A persistent root: each service keeps its data in a sub-folder and finds it again on the next
         * start. Unset (the default): fresh temporary directories, deleted on stop.
         */
        public Builder dataRoot(Path dataRoot) {
            this.dataRoot = dataRoot;
            return this;
        }

        /** Leaves these services out. */
        public Builder skip(Service... services) {
            skipped.addAll(List.of(services));
            return this;
        }

        /** Kafka client port; default 9092, {@code 0} = free. */
        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        /** Schema registry port; default 8081, {@code 0} = free. */
        public Builder registryPort(int port) {
            this.registryPort = port;
            return this;
        }

        /** Redis port; default 6379, {@code 0} = free. */
        public Builder redisPort(int port) {
            this.redisPort = port;
            return this;
        }

        /** S3 port; default 9000, {@code 0} = free. */
        public Builder s3Port(int port) {
            this.s3Port = port;
            return this;
        }

        /** Every port {@code 0}: free ports, for tests and for running beside other installations. */
        public Builder freePorts() {
            return kafkaPort(0).registryPort(0).redisPort(0).s3Port(0);
        }

        /** With {@link Service#KAFKA} skipped: the Kafka cluster the registry stores its schemas in. */
        public Builder externalBootstrapServers(String bootstrapServers) {
            this.externalBootstrapServers = bootstrapServers;
            return this;
        }

        /** Redis {@code requirepass}; default none. */
        public Builder redisPassword(String password) {
            this.redisPassword = password;
            return this;
        }

        /** Which redis-server runs; default {@link RedisBinary#AUTO} (the system's when installed). */
        public Builder redisBinary(RedisBinary binary) {
            this.redisBinary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /** S3 credentials; default {@code flywheel} / {@code flywheel-secret}. */
        public Builder s3Credentials(String accessKey, String secretKey) {
            this.s3AccessKey = accessKey;
            this.s3SecretKey = secretKey;
            return this;
        }

        /** Region S3 clients sign with; default {@code us-east-1}. */
        public Builder s3Region(String region) {
            this.s3Region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Buckets created at start; the first is {@link Endpoints#bucket()}. Default {@code flywheel}. */
        public Builder buckets(String... buckets) {
            if (buckets.length == 0) {
                throw new IllegalArgumentException("At least one S3 bucket is needed");
            }
            this.buckets = List.of(buckets);
            return this;
        }

        /** Replaces how the registry is made (default {@link SchemaRegistryServer}): for tests. */
        Builder registryFactory(Function<RegistrySettings, EmbeddedService> factory) {
            this.registryFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** Checks the settings (fails fast on a combination that cannot start) and builds the platform. */
        public EmbeddedPlatform build() {
            if (enabled(Service.REGISTRY) && !enabled(Service.KAFKA) && externalBootstrapServers == null) {
                throw new IllegalArgumentException("The schema registry stores its schemas in Kafka: with Kafka "
                        + "skipped, set externalBootstrapServers(...) or skip the registry too");
            }
            for (int port : new int[] {kafkaPort, registryPort, redisPort, s3Port}) {
                if (port < 0 || port > 65_535) {
                    throw new IllegalArgumentException("Port " + port + " is outside 0..65535");
                }
            }
            // Let each service validate its own settings now rather than half way through a start.
            if (enabled(Service.S3)) {
                EmbeddedS3.builder().credentials(s3AccessKey, s3SecretKey).buckets(buckets.toArray(String[]::new));
            }
            if (enabled(Service.REDIS)) {
                EmbeddedRedis.builder().password(redisPassword);
            }
            return new EmbeddedPlatform(this);
        }
    }
}
