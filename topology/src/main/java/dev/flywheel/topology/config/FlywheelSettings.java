package dev.flywheel.topology.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Every runtime setting of Flywheel: name, type, default, validator and documentation, as a Kafka
 * {@link ConfigDef}. Each setting {@code a.b.c} can be given as the environment variable
 * {@code FLYWHEEL_A_B_C} or as {@code --set a.b.c=value} (which wins).
 *
 * <p>Infrastructure lives here and never in {@code flywheel.yaml}, so one spec runs on a laptop and
 * in production.
 */
public final class FlywheelSettings {

    /** Kafka bootstrap servers. */
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    /** Kafka security protocol. */
    public static final String SECURITY_PROTOCOL = "kafka.security.protocol";
    /** Kafka SASL mechanism. */
    public static final String SASL_MECHANISM = "kafka.sasl.mechanism";
    /** Kafka SASL JAAS configuration (a secret). */
    public static final String SASL_JAAS_CONFIG = "kafka.sasl.jaas.config";
    /** Trust store file for Kafka TLS. */
    public static final String TRUSTSTORE_LOCATION = "kafka.ssl.truststore.location";
    /** Trust store password (a secret). */
    public static final String TRUSTSTORE_PASSWORD = "kafka.ssl.truststore.password";
    /** Trust store type. */
    public static final String TRUSTSTORE_TYPE = "kafka.ssl.truststore.type";
    /** Key store file for Kafka mutual TLS. */
    public static final String KEYSTORE_LOCATION = "kafka.ssl.keystore.location";
    /** Key store password (a secret). */
    public static final String KEYSTORE_PASSWORD = "kafka.ssl.keystore.password";
    /** Key store type. */
    public static final String KEYSTORE_TYPE = "kafka.ssl.keystore.type";
    /** Password of the key in the key store (a secret). */
    public static final String KEY_PASSWORD = "kafka.ssl.key.password";
    /** Prefix of every topic Flywheel owns. */
    public static final String TOPIC_PREFIX = "topic.prefix";
    /** Partitions of the topics Flywheel creates. */
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    /** Replication factor of the topics Flywheel creates. */
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    /** Schema Registry URL. */
    public static final String REGISTRY_URL = "registry.url";
    /** Schema Registry basic auth {@code user:password} (a secret). */
    public static final String REGISTRY_USER_INFO = "registry.basic.auth.user.info";
    /** Redis URL. */
    public static final String REDIS_URL = "redis.url";
    /** Redis password (a secret). */
    public static final String REDIS_PASSWORD = "redis.password";
    /** S3 endpoint. */
    public static final String S3_ENDPOINT = "s3.endpoint";
    /** S3 bucket. */
    public static final String S3_BUCKET = "s3.bucket";
    /** S3 region. */
    public static final String S3_REGION = "s3.region";
    /** S3 access key id. */
    public static final String S3_ACCESS_KEY = "s3.access.key";
    /** S3 secret access key (a secret). */
    public static final String S3_SECRET_KEY = "s3.secret.key";
    /** Whether S3 requests use path-style addressing. */
    public static final String S3_PATH_STYLE = "s3.path.style";
    /** Directory for Kafka Streams state and local data. */
    public static final String STATE_DIR = "state.dir";
    /** Bearer token that write operations over the HTTP API require. */
    public static final String API_TOKEN = "api.token";
    /** Whether reading the dashboard's JSON API and event stream also needs the API token. */
    public static final String DASHBOARD_READ_TOKEN_REQUIRED = "dashboard.read.token.required";
    /** The shortest API token accepted. */
    public static final int API_TOKEN_MIN_LENGTH = 16;
    /** Whether to run the infrastructure in-process. */
    public static final String EMBEDDED = "embedded";
    /** How much of Kafka Streams' own metrics the stages expose: {@code stage} or {@code all}. */
    public static final String KAFKA_STREAMS_METRICS_DETAIL = "metrics.kafka.streams.detail";

    /** The settings whose explicit presence means "use this external service, do not embed one". */
    public static final Set<String> ENDPOINTS = Set.of(BOOTSTRAP_SERVERS, REGISTRY_URL, REDIS_URL, S3_ENDPOINT);

    /**
     * Environment variables of the {@code ./flywheel} launcher and the log configuration, which are not
     * settings: {@code FLYWHEEL_LOG_LEVEL} (level of Flywheel's own loggers), {@code FLYWHEEL_JAVA_OPTS}
     * (JVM options) and {@code FLYWHEEL_NO_REBUILD} (run the jar even when sources are newer).
     */
    public static final Set<String> LAUNCHER_VARIABLES =
            Set.of("FLYWHEEL_LOG_LEVEL", "FLYWHEEL_JAVA_OPTS", "FLYWHEEL_NO_REBUILD");

    /** Prefix of the training trigger's own settings ({@code training.*}), which that stage loads itself. */
    public static final String TRAINING_VARIABLE_PREFIX = "FLYWHEEL_TRAINING_";

    private static final String ENV_PREFIX = "FLYWHEEL_";

    private FlywheelSettings() {
    }

    /**
     * Returns the environment variable that carries a setting: {@code kafka.bootstrap.servers} is
     * {@code FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS}.
     *
     * @param setting the setting name
     * @return the variable name
     */
    public static String envName(String setting) {
        return ENV_PREFIX + setting.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /**
     * Returns a new copy of the definition of every setting (a {@link ConfigDef} is mutable, so each
     * caller gets its own); {@code definition().toRst()} documents them all.
     *
     * @return the definition
     */
    public static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        kafka(def);
        topics(def);
        services(def);
        return def
                .define(STATE_DIR, Type.STRING, ".flywheel/state", new ConfigDef.NonEmptyString(), MEDIUM,
                        "Directory for Kafka Streams state stores and local data.")
                .define(EMBEDDED, Type.STRING, "auto", ConfigDef.ValidString.in("auto", "true", "false"), MEDIUM,
                        "Run Kafka, the registry, Redis and S3 in-process. 'auto' embeds each service whose "
                                + "endpoint is not set; 'true' embeds all; 'false' embeds none.")
                .define(KAFKA_STREAMS_METRICS_DETAIL, Type.STRING, "stage",
                        ConfigDef.ValidString.in(StreamsMetricsDetail.names()), LOW,
                        "Kafka Streams metrics on /metrics. 'stage' keeps the client, stream-thread and Kafka "
                                + "client (consumer, producer, admin) meters of each stage; 'all' adds the per-task, "
                                + "per-processor-node, per-state-store and per-broker-connection meters (thousands "
                                + "of series).");
    }

    private static void kafka(ConfigDef def) {
        def.define(BOOTSTRAP_SERVERS, Type.LIST, "localhost:9092", SettingValidators.hostPortList(), HIGH,
                        "Kafka bootstrap servers, host:port[,host:port].")
                .define(SECURITY_PROTOCOL, Type.STRING, "PLAINTEXT",
                        ConfigDef.ValidString.in("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"), HIGH,
                        "Protocol to reach Kafka.")
                .define(SASL_MECHANISM, Type.STRING, null,
                        SettingValidators.optionalIn("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER",
                                "GSSAPI"), MEDIUM, "SASL mechanism; needed with SASL_PLAINTEXT and SASL_SSL.")
                .define(SASL_JAAS_CONFIG, Type.PASSWORD, null, HIGH,
                        "JAAS login module configuration with the SASL credentials.")
                .define(TRUSTSTORE_LOCATION, Type.STRING, null, MEDIUM,
                        "Trust store file for TLS to Kafka; unset uses the JVM's trusted CAs.")
                .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, MEDIUM, "Trust store password.")
                .define(TRUSTSTORE_TYPE, Type.STRING, "JKS", ConfigDef.ValidString.in("JKS", "PKCS12", "PEM"), LOW,
                        "Trust store format.")
                .define(KEYSTORE_LOCATION, Type.STRING, null, MEDIUM, "Key store file for mutual TLS to Kafka.")
                .define(KEYSTORE_PASSWORD, Type.PASSWORD, null, MEDIUM, "Key store password.")
                .define(KEYSTORE_TYPE, Type.STRING, "JKS", ConfigDef.ValidString.in("JKS", "PKCS12", "PEM"), LOW,
                        "Key store format.")
                .define(KEY_PASSWORD, Type.PASSWORD, null, LOW, "Password of the private key in the key store.");
    }

    private static void topics(ConfigDef def) {
        def.define(TOPIC_PREFIX, Type.STRING, "", SettingValidators.topicPrefix(), MEDIUM,
                        "Prefix of every topic Flywheel owns, for example 'team-a.'; producers' own topics keep "
                                + "their names.")
                .define(TOPIC_PARTITIONS, Type.INT, 3, ConfigDef.Range.between(1, 10_000), MEDIUM,
                        "Partitions of topics Flywheel creates: the most instances of a stage that share work.")
                .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) -1, SettingValidators.replicationFactor(),
                        MEDIUM, "Replication factor of topics Flywheel creates; -1 takes the broker's default.");
    }

    private static void services(ConfigDef def) {
        def.define(REGISTRY_URL, Type.STRING, "http://localhost:8081", SettingValidators.url(false, "http", "https"),
                        HIGH, "Confluent-compatible Schema Registry URL.")
                .define(REGISTRY_USER_INFO, Type.PASSWORD, null, SettingValidators.userInfo(), MEDIUM,
                        "Schema Registry basic auth credentials, user:password.")
                .define(API_TOKEN, Type.PASSWORD, null, SettingValidators.secretOfAtLeast(API_TOKEN_MIN_LENGTH), HIGH,
                        "Bearer token required by write operations over the HTTP API (promote, rollback, replay, "
                                + "train); unset means the HTTP API is read-only.")
                .define(DASHBOARD_READ_TOKEN_REQUIRED, Type.BOOLEAN, false, MEDIUM,
                        "Whether reading the dashboard's data (/api/...) also needs the API token; the page itself "
                                + "stays open. Needs api.token.")
                .define(REDIS_URL, Type.STRING, "redis://localhost:6379", SettingValidators.url(false, "redis", "rediss"),
                        HIGH, "Redis URL of the online tier; rediss:// for TLS.")
                .define(REDIS_PASSWORD, Type.PASSWORD, null, MEDIUM, "Redis password (AUTH).")
                .define(S3_ENDPOINT, Type.STRING, null, SettingValidators.url(true, "http", "https"), HIGH,
                        "S3 API endpoint of the offline tier; unset means AWS S3 (or the embedded server).")
                .define(S3_BUCKET, Type.STRING, "flywheel", SettingValidators.bucket(), MEDIUM,
                        "Bucket of the offline tier and datasets.")
                .define(S3_REGION, Type.STRING, "us-east-1", new ConfigDef.NonEmptyString(), MEDIUM, "S3 region.")
                .define(S3_ACCESS_KEY, Type.STRING, null, MEDIUM,
                        "S3 access key id; unset uses the AWS default credentials chain.")
                .define(S3_SECRET_KEY, Type.PASSWORD, null, MEDIUM, "S3 secret access key.")
                .define(S3_PATH_STYLE, Type.BOOLEAN, true, LOW,
                        "Path-style S3 addressing (needed by most S3-compatible servers; AWS accepts both).");
    }
}
