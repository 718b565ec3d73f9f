package dev.flywheel.topology.config;

import static dev.flywheel.topology.config.FlywheelSettings.*;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.config.types.Password;

/**
 * The validated runtime settings of one Flywheel process: infrastructure endpoints, credentials,
 * topic defaults, state directory. Immutable. Secrets are Kafka {@link Password}s and never printed;
 * {@link #toString()} masks them and any credentials inside URLs.
 *
 * <p>Load it once at start-up with {@link #load(Map, Map)}, failing fast; pass it around; turn it
 * into client configuration only at the edge with {@link ClientConfigs}.
 */
public final class FlywheelConfig {

    private final Map<String, Object> values;
    private final Map<String, SettingOrigin> origins;

    FlywheelConfig(Map<String, Object> values, Map<String, SettingOrigin> origins) {
        this.values = new HashMap<>(values);
        this.origins = Map.copyOf(origins);
    }

    /**
     * Loads the settings: each from its {@code --set} override, else its environment variable, else its
     * default.
     *
     * @param env the environment, usually {@code System.getenv()}
     * @param overrides {@code --set} overrides, see {@link Overrides#parse}
     * @return the settings
     * @throws InvalidConfigException listing every invalid setting
     */
    public static FlywheelConfig load(Map<String, String> env, Map<String, String> overrides) {
        return new ConfigLoader().load(env, overrides);
    }

    /** Returns the settings with every default (embedded infrastructure on the ecosystem ports). */
    public static FlywheelConfig defaults() {
        return load(Map.of(), Map.of());
    }

    /** Returns a copy with some settings overridden, validated again; for tests and embedded runs. */
    public FlywheelConfig with(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        values.forEach((name, value) -> {
            if (origins.get(name) != SettingOrigin.DEFAULT && value != null) {
                env.put(FlywheelSettings.envName(name), text(value));
            }
        });
        return load(env, overrides);
    }

    /** Returns where a setting's value came from. */
    public SettingOrigin origin(String setting) {
        return origins.getOrDefault(setting, SettingOrigin.DEFAULT);
    }

    /** Kafka bootstrap servers. */
    @SuppressWarnings("unchecked")
    public List<String> bootstrapServers() {
        return List.copyOf((List<String>) values.get(BOOTSTRAP_SERVERS));
    }

    /** Kafka security protocol: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
    public String securityProtocol() {
        return (String) values.get(SECURITY_PROTOCOL);
    }

    /** Prefix of every topic Flywheel owns (may be empty). */
    public String topicPrefix() {
        return (String) values.get(TOPIC_PREFIX);
    }

    /** Partitions of topics Flywheel creates. */
    public int topicPartitions() {
        return (Integer) values.get(TOPIC_PARTITIONS);
    }

    /** Replication factor of topics Flywheel creates; empty means the broker's default. */
    public Optional<Short> topicReplicationFactor() {
        short factor = (Short) values.get(TOPIC_REPLICATION_FACTOR);
        return factor == -1 ? Optional.empty() : Optional.of(factor);
    }

    /** Schema Registry URL. */
    public URI registryUrl() {
        return URI.create(((String) values.get(REGISTRY_URL)).trim());
    }

    /** Schema Registry basic auth {@code user:password}, if any. */
    public Optional<Password> registryUserInfo() {
        return Optional.ofNullable((Password) values.get(REGISTRY_USER_INFO));
    }

    /** Whether reading the dashboard's data also needs the API token ({@code dashboard.read.token.required}). */
    public boolean dashboardReadTokenRequired() {
        return (Boolean) values.get(DASHBOARD_READ_TOKEN_REQUIRED);
    }

    /** Bearer token that write operations over the HTTP API require; empty means they are refused. */
    public Optional<Password> apiToken() {
        return Optional.ofNullable((Password) values.get(API_TOKEN));
    }

    /** Redis URL ({@code rediss://} means TLS). */
    public URI redisUrl() {
        return URI.create(((String) values.get(REDIS_URL)).trim());
    }

    /** Whether Redis is reached over TLS. */
    public boolean redisTls() {
        return "rediss".equals(redisUrl().getScheme());
    }

    /** Redis password, if any. */
    public Optional<Password> redisPassword() {
        return Optional.ofNullable((Password) values.get(REDIS_PASSWORD));
    }

    /** S3 endpoint; empty means AWS S3 (or, when embedded, the embedded server's). */
    public Optional<URI> s3Endpoint() {
        return Optional.ofNullable((String) values.get(S3_ENDPOINT)).map(String::trim).map(URI::create);
    }

    /** S3 bucket. */
    public String s3Bucket() {
        return (String) values.get(S3_BUCKET);
    }

    /** S3 region. */
    public String s3Region() {
        return (String) values.get(S3_REGION);
    }

    /** S3 access key id; empty means the AWS default credentials chain. */
    public Optional<String> s3AccessKey() {
        return Optional.ofNullable((String) values.get(S3_ACCESS_KEY));
    }

    /** S3 secret access key. */
    public Optional<Password> s3SecretKey() {
        return Optional.ofNullable((Password) values.get(S3_SECRET_KEY));
    }

    /** Whether S3 requests use path-style addressing. */
    public boolean s3PathStyle() {
        return (Boolean) values.get(S3_PATH_STYLE);
    }

    /** Directory for Kafka Streams state and local data. */
    public Path stateDir() {
        return Path.of((String) values.get(STATE_DIR));
    }

    /** How much of Kafka Streams' own metrics the stages expose ({@code metrics.kafka.streams.detail}). */
    public StreamsMetricsDetail kafkaStreamsMetricsDetail() {
        return StreamsMetricsDetail.of((String) values.get(KAFKA_STREAMS_METRICS_DETAIL));
    }

    /** Whether Kafka runs in-process. */
    public boolean embeddedKafka() {
        return embedded(BOOTSTRAP_SERVERS);
    }

    /** Whether the schema registry runs in-process. */
    public boolean embeddedRegistry() {
        return embedded(REGISTRY_URL);
    }

    /** Whether Redis runs in-process. */
    public boolean embeddedRedis() {
        return embedded(REDIS_URL);
    }

    /** Whether the S3 server runs in-process. */
    public boolean embeddedS3() {
        return embedded(S3_ENDPOINT);
    }

    /** Whether every service runs in-process (no external endpoint is set). */
    public boolean embedded() {
        return embeddedKafka() && embeddedRegistry() && embeddedRedis() && embeddedS3();
    }

    private boolean embedded(String endpoint) {
        return switch ((String) values.get(EMBEDDED)) {
            case "true" -> true;
            case "false" -> false;
            default -> origin(endpoint) == SettingOrigin.DEFAULT;
        };
    }

    /** Returns a setting's raw parsed value (a {@link Password} for secrets); for generic tooling. */
    public Object get(String setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException("no such setting: " + setting);
        }
        return values.get(setting);
    }

    /** Lists every setting with its value and origin; secrets and URL credentials are masked. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("FlywheelConfig{");
        new TreeMap<>(values).forEach((name, value) -> text.append("\n  ").append(name).append('=')
                .append(masked(value)).append(" (")
                .append(origin(name).describe(name)).append(')'));
        return text.append("\n}").toString();
    }

    private static String masked(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof Password ? value.toString() : Redaction.url(text(value));
    }

    /** Text of a value as it would be written in the environment; for passwords, the secret itself. */
    private static String text(Object value) {
        if (value instanceof Password password) {
            return password.value();
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(Object::toString).toList());
        }
        return value.toString();
    }
}
