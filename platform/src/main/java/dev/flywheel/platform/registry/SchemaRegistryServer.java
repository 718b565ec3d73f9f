package dev.flywheel.platform.registry;

import dev.flywheel.platform.EmbeddedService;
import dev.flywheel.platform.PortInUseException;
import dev.flywheel.platform.Ports;
import dev.flywheel.platform.registry.RegistryKey.NoopKey;
import io.javalin.Javalin;
import java.net.BindException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry server that speaks Confluent Schema Registry's REST API and keeps its state, as
 * Confluent's does, in a compacted single-partition Kafka topic ({@code _schemas} by default). Confluent
 * clients and serializers work against it unchanged; only AVRO schemas are accepted.
 *
 * <p>State lives only in the topic: at start the server reads the topic from the beginning, writes a NOOP
 * record and serves once it has read that record back; every write returns once it has been read back, so
 * a client always sees its own writes. One server per topic: writes are serialized inside the server, as
 * on Confluent's single leader, with no election between several servers.
 *
 * <pre>{@code
 * SchemaRegistryServer registry = SchemaRegistryServer.builder()
 *         .bootstrapServers(kafka.bootstrapServers())
 *         .port(0)
 *         .build();
 * registry.start();   // registry.endpoint() -> "http://127.0.0.1:<port>"
 * }</pre>
 */
public final class SchemaRegistryServer implements EmbeddedService {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final String SERVICE = "Schema registry";

    private final String host;
    private final int configuredPort;
    private final String bootstrapServers;
    private final String topic;
    private final Duration initTimeout;
    private final Duration writeTimeout;
    private final CompatibilityLevel defaultCompatibility;
    private final Map<String, Object> kafkaClientConfig;

    private Javalin http;
    private SchemaLogReader reader;
    private SchemaLogWriter writer;
    private int port;

    private SchemaRegistryServer(Builder builder) {
        this.host = builder.host;
        this.configuredPort = builder.port;
        this.bootstrapServers = Objects.requireNonNull(builder.bootstrapServers,
                "bootstrapServers is required: the registry stores its schemas in Kafka");
        this.topic = builder.topic;
        this.initTimeout = builder.initTimeout;
        this.writeTimeout = builder.writeTimeout;
        this.defaultCompatibility = builder.defaultCompatibility;
        this.kafkaClientConfig = Map.copyOf(builder.kafkaClientConfig);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "schema-registry";
    }

    /**
     * Creates or checks the topic, rebuilds the state from it and starts serving.
     *
     * @throws PortInUseException when the port is taken
     * @throws IllegalStateException when Kafka cannot be reached or the topic is unfit
     */
    @Override
    public synchronized void start() {
        if (http != null) {
            return;
        }
        int bindPort = configuredPort == 0 ? 0 : Ports.resolve(SERVICE, host, configuredPort);
        try {
            try (Admin admin = Admin.create(adminConfig())) {
                new SchemasTopic(topic, initTimeout).ensure(admin);
            }
            SchemaStore store = new SchemaStore();
            RegistryRecordCodec codec = new RegistryRecordCodec();
            reader = new SchemaLogReader(consumerConfig(), topic, store, codec);
            reader.start();
            writer = new SchemaLogWriter(producerConfig(), topic, codec, reader, writeTimeout);
            catchUp();
            SchemaParser parser = new SchemaParser();
            RegistryQueries queries = new RegistryQueries(store, parser, new CompatibilityChecker(), defaultCompatibility);
            http = startHttp(RegistryHttpApi.create(queries, new RegistryCommands(queries, writer)), bindPort);
            port = http.port();
            log.info("Schema registry ready at {} (topic '{}' on {}, {} subjects, highest schema id {})",
                    endpoint(), topic, bootstrapServers, store.subjects().size(), store.maxId());
        } catch (RuntimeException e) {
            try {
                closeParts();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** The reader has caught up once it has applied a NOOP written after everything else. */
    private void catchUp() {
        long started = System.nanoTime();
        try {
            writer.write(new NoopKey(), null, initTimeout);
        } catch (RegistryException e) {
            throw new IllegalStateException("Schema registry could not read topic '" + topic + "' on "
                    + bootstrapServers + " back within " + initTimeout.toSeconds() + " s: " + e.getMessage(), e);
        }
        log.debug("Read topic '{}' in {} ms", topic, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private Javalin startHttp(Javalin app, int bindPort) {
        try {
            return app.start(host, bindPort);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw new PortInUseException(SERVICE, host, bindPort, e);
                }
            }
            throw e;
        }
    }

    @Override
    public synchronized void stop() {
        if (http == null) {
            return;
        }
        log.info("Stopping schema registry at {}", endpoint());
        closeParts();
    }

    /** HTTP first, so no request runs against a closing writer; the reader last. */
    private void closeParts() {
        try {
            if (http != null) {
                http.stop();
            }
        } finally {
            http = null;
            try {
                if (writer != null) {
                    writer.close();
                }
            } finally {
                writer = null;
                if (reader != null) {
                    reader.close();
                }
                reader = null;
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return http != null;
    }

    /** {@code http://host:port}, the value for a client's {@code schema.registry.url}. */
    @Override
    public synchronized String endpoint() {
        if (http == null) {
            throw new IllegalStateException("Schema registry is not running");
        }
        return "http://" + host + ":" + port;
    }

    /** The port it listens on, while running. */
    public synchronized int port() {
        if (http == null) {
            throw new IllegalStateException("Schema registry is not running");
        }
        return port;
    }

    /** The topic that holds its state. */
    public String topic() {
        return topic;
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>(kafkaClientConfig);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "flywheel-schema-registry-admin");
        int timeoutMs = (int) initTimeout.toMillis();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        return config;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaClientConfig);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "flywheel-schema-registry-reader");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaClientConfig);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "flywheel-schema-registry-writer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, writeTimeout.toMillis());
        return config;
    }

    /** Settings of a schema registry server. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8081;
        private String bootstrapServers;
        private String topic = "_schemas";
        private Duration initTimeout = Duration.ofSeconds(60);
        private Duration writeTimeout = Duration.ofSeconds(10);
        private CompatibilityLevel defaultCompatibility = CompatibilityLevel.BACKWARD;
        private final Map<String, Object> kafkaClientConfig = new HashMap<>();

        private Builder() {
        }

        /** Interface to listen on; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** HTTP port; default 8081, Confluent's; {@code 0} picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The Kafka cluster that holds the registry's topic; required. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            return this;
        }

        /** The topic that holds the state; default {@code _schemas}, Confluent's. */
        public Builder topic(String topic) {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("topic must not be blank");
            }
            this.topic = topic;
            return this;
        }

        /** How long start-up may take to check the topic and read it; default 60 s. */
        public Builder initTimeout(Duration initTimeout) {
            this.initTimeout = requirePositive(initTimeout, "initTimeout");
            return this;
        }

        /** How long one write may take to be confirmed and read back before a 50002 error; default 10 s. */
        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = requirePositive(writeTimeout, "writeTimeout");
            return this;
        }

        /** The level in force while no global level is set; default BACKWARD, Confluent's. */
        public Builder defaultCompatibility(CompatibilityLevel level) {
            this.defaultCompatibility = Objects.requireNonNull(level, "defaultCompatibility");
            return this;
        }

        /** A setting for the registry's Kafka clients, e.g. security settings for a real cluster. */
        public Builder kafkaClientConfig(String key, Object value) {
            kafkaClientConfig.put(key, value);
            return this;
        }

        public SchemaRegistryServer build() {
            return new SchemaRegistryServer(this);
        }

        private static Duration requirePositive(Duration duration, String name) {
            if (duration == null || duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + duration);
            }
            return duration;
        }
    }
}
