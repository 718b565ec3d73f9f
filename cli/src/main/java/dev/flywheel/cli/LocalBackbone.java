package dev.flywheel.cli;

import static dev.flywheel.topology.config.FlywheelSettings.BOOTSTRAP_SERVERS;
import static dev.flywheel.topology.config.FlywheelSettings.REGISTRY_URL;
import static dev.flywheel.topology.config.FlywheelSettings.REDIS_URL;
import static dev.flywheel.topology.config.FlywheelSettings.S3_ACCESS_KEY;
import static dev.flywheel.topology.config.FlywheelSettings.S3_ENDPOINT;
import static dev.flywheel.topology.config.FlywheelSettings.S3_PATH_STYLE;
import static dev.flywheel.topology.config.FlywheelSettings.S3_SECRET_KEY;
import static dev.flywheel.topology.config.FlywheelSettings.STATE_DIR;
import static dev.flywheel.topology.config.FlywheelSettings.envName;

import dev.flywheel.platform.DataDirectory;
import dev.flywheel.platform.EmbeddedPlatform.Service;
import dev.flywheel.platform.EmbeddedPlatform;
import dev.flywheel.platform.Endpoints;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.config.SettingOrigin;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.CleanupPolicy;
import dev.flywheel.topology.topics.ProvisioningReport;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicOwner;
import dev.flywheel.topology.topics.TopicProvisioner;
import dev.flywheel.topology.topics.TopicSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backbone of one local run: the embedded services the configuration does not point elsewhere, and
 * the topics of a spec provisioned on the Kafka in use. {@code flywheel up} holds one until Ctrl-C; later
 * the stages start on top of it.
 */
final class LocalBackbone implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalBackbone.class);

    /** Where and how the embedded services listen. */
    record Layout(String host, Path dataRoot, int kafkaPort, int registryPort, int redisPort, int s3Port) {
        /** {@code dataRoot == null} means fresh temporary directories, deleted on stop. */
        Layout {
            Objects.requireNonNull(host, "host");
        }
    }

    private final EmbeddedPlatform platform;
    private final String host;
    private final Endpoints endpoints;
    private final FlywheelConfig config;
    private final TopicCatalogue catalogue;
    private final ProvisioningReport topics;
    private final DataDirectory state;
    private final SchemaRegistryClient registry;

    private LocalBackbone(EmbeddedPlatform platform, String host, Endpoints endpoints, FlywheelConfig config,
                          TopicCatalogue catalogue, ProvisioningReport topics, DataDirectory state,
                          SchemaRegistryClient registry) {
        this.registry = registry;
        this.platform = platform;
        this.host = host;
        this.state = state;
        this.endpoints = endpoints;
        this.config = config;
        this.catalogue = catalogue;
        this.topics = topics;
    }

    /**
     * Starts the embedded services the configuration leaves embedded and provisions the spec's topics.
     * Whatever was started is stopped again when a later step fails.
     *
     * @param config the runtime settings; an endpoint set there is used instead of an embedded service
     * @param spec the pipeline spec whose topics to provision
     * @param layout ports and data directory of the embedded services
     * @return the running backbone
     */
    static LocalBackbone start(FlywheelConfig config, FlywheelSpec spec, Layout layout) {
        EmbeddedPlatform platform = platform(config, layout);
        Endpoints endpoints = platform.start();
        DataDirectory state = null;
        SchemaRegistryClient registry = null;
        try {
            Map<String, String> resolved = pointedAt(config, endpoints);
            if (config.origin(STATE_DIR) == SettingOrigin.DEFAULT) {
                // Stage state lives with the rest of the run's data: kept with --data-dir, thrown away with --fresh.
                state = DataDirectory.of(layout.dataRoot() == null ? null : layout.dataRoot().resolve("streams"),
                        "streams");
                resolved.put(STATE_DIR, state.path().toString());
            }
            FlywheelConfig effective = config.with(resolved);
            registry = ClientConfigs.schemaRegistryClient(effective);
            TopicCatalogue catalogue = TopicCatalogue.of(spec, effective, new AvroTopicSerdes(registry, Map.of()));
            ProvisioningReport report;
            try (Admin admin = Admin.create(ClientConfigs.kafka(effective))) {
                report = new TopicProvisioner(admin).provision(catalogue.all());
                if (config.embeddedKafka()) {
                    createProducerTopics(admin, catalogue, effective);
                }
            }
            return new LocalBackbone(platform, layout.host(), endpoints, effective, catalogue, report, state, registry);
        } catch (RuntimeException e) {
            try {
                if (registry != null) {
                    registry.close();
                }
                platform.stop();
                if (state != null) {
                    state.release();
                }
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
    }

    /**
     * On the embedded broker, also provisions the topics producers own (sources, labels, predictions), with
     * the partitions and replication of Flywheel's own topics: a local run has no one else to create them,
     * and a stage whose input is missing cannot start. On a real cluster they are the producers' business and
     * are left alone.
     */
    private static void createProducerTopics(Admin admin, TopicCatalogue catalogue, FlywheelConfig config) {
        TopicSettings local = new TopicSettings(config.topicPartitions(), config.topicReplicationFactor(),
                CleanupPolicy.DELETE, Optional.empty(), Map.of());
        Map<String, Topic<?, ?>> producerTopics = new LinkedHashMap<>();
        catalogue.all().stream().filter(topic -> !topic.provisioned()).forEach(topic -> producerTopics.putIfAbsent(
                topic.name(), new Topic<>(topic.name(), topic.keySerde(), topic.valueSerde(), local,
                        TopicOwner.FLYWHEEL)));
        new TopicProvisioner(admin).provision(producerTopics.values());
    }

    private static EmbeddedPlatform platform(FlywheelConfig config, Layout layout) {
        EmbeddedPlatform.Builder builder = EmbeddedPlatform.builder()
                .host(layout.host())
                .dataRoot(layout.dataRoot())
                .kafkaPort(layout.kafkaPort())
                .registryPort(layout.registryPort())
                .redisPort(layout.redisPort())
                .s3Port(layout.s3Port());
        boolean secured = !"PLAINTEXT".equals(config.securityProtocol());
        if (config.embeddedKafka()) {
            if (secured) {
                throw new IllegalArgumentException("The embedded Kafka speaks PLAINTEXT only, but "
                        + envName("kafka.security.protocol") + " is " + config.securityProtocol()
                        + ": set " + envName(BOOTSTRAP_SERVERS) + " to your cluster");
            }
        } else {
            builder.skip(Service.KAFKA).externalBootstrapServers(String.join(",", config.bootstrapServers()));
        }
        if (!config.embeddedRegistry()) {
            builder.skip(Service.REGISTRY);
        } else if (!config.embeddedKafka() && secured) {
            throw new IllegalArgumentException("The embedded schema registry cannot store its schemas in a "
                    + config.securityProtocol() + " Kafka cluster: set " + envName(REGISTRY_URL)
                    + " to your schema registry");
        }
        if (config.embeddedRedis()) {
            config.redisPassword().ifPresent(password -> builder.redisPassword(password.value()));
        } else {
            builder.skip(Service.REDIS);
        }
        if (config.embeddedS3()) {
            builder.s3Region(config.s3Region()).buckets(config.s3Bucket());
            if (config.s3AccessKey().isPresent() && config.s3SecretKey().isPresent()) {
                builder.s3Credentials(config.s3AccessKey().get(), config.s3SecretKey().get().value());
            }
        } else {
            builder.skip(Service.S3);
        }
        return builder.build();
    }

    /** The settings that point clients at the embedded services (none for external ones). */
    private static Map<String, String> pointedAt(FlywheelConfig config, Endpoints endpoints) {
        Map<String, String> overrides = new HashMap<>();
        if (config.embeddedKafka()) {
            overrides.put(BOOTSTRAP_SERVERS, endpoints.bootstrapServers());
        }
        if (config.embeddedRegistry()) {
            overrides.put(REGISTRY_URL, endpoints.registryUrl());
        }
        if (config.embeddedRedis()) {
            overrides.put(REDIS_URL, endpoints.redisUrl());
        }
        if (config.embeddedS3()) {
            overrides.put(S3_ENDPOINT, endpoints.s3Endpoint());
            overrides.put(S3_ACCESS_KEY, endpoints.s3AccessKey());
            overrides.put(S3_SECRET_KEY, endpoints.s3SecretKey());
            overrides.put(S3_PATH_STYLE, "true");
        }
        return overrides;
    }

    /** The address the embedded services (and the HTTP API) bind. */
    String host() {
        return host;
    }

    /** Where the embedded services listen; external ones are absent. */
    Endpoints endpoints() {
        return endpoints;
    }

    /** The settings with every endpoint resolved: what the stages of this run connect with. */
    FlywheelConfig config() {
        return config;
    }

    /** The topics of the spec. */
    TopicCatalogue catalogue() {
        return catalogue;
    }

    /** What provisioning created, found fine and found different. */
    ProvisioningReport topics() {
        return topics;
    }

    /** Stops the embedded services, newest first. */
    @Override
    public void close() {
        log.info("Stopping the embedded services");
        try {
            registry.close();
            platform.stop();
        } finally {
            if (state != null) {
                state.release();
            }
        }
    }
}
