package dev.flywheel.topology.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per invalid value: each fails at load, naming the setting and where the value came from. */
class InvalidSettingsTest {

    private static String rejected(Map<String, String> env) {
        return rejected(env, Map.of());
    }

    private static String rejected(Map<String, String> env, Map<String, String> overrides) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> FlywheelConfig.load(env, overrides));
        assertThat(e).as("expected the settings to be rejected").isNotNull();
        return e.getMessage();
    }

    @Test
    void shouldRejectBootstrapServerWithoutPort() {
        assertThat(rejected(Map.of("FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", "kafka")))
                .contains("kafka.bootstrap.servers (env FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS)", "'kafka' is not host:port");
    }

    @Test
    void shouldRejectBootstrapServerWithPortOutOfRange() {
        assertThat(rejected(Map.of(), Map.of("kafka.bootstrap.servers", "kafka:70000")))
                .contains("kafka.bootstrap.servers (--set kafka.bootstrap.servers)", "'kafka:70000' is not host:port");
    }

    @Test
    void shouldRejectEmptyBootstrapServers() {
        assertThat(rejected(Map.of("FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", " ")))
                .contains("kafka.bootstrap.servers", "at least one host:port is needed");
    }

    @Test
    void shouldRejectUnknownSecurityProtocol() {
        assertThat(rejected(Map.of("FLYWHEEL_KAFKA_SECURITY_PROTOCOL", "TLS")))
                .contains("kafka.security.protocol (env FLYWHEEL_KAFKA_SECURITY_PROTOCOL)",
                        "invalid value 'TLS': String must be one of: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
    }

    @Test
    void shouldRejectUnknownSaslMechanism() {
        assertThat(rejected(Map.of("FLYWHEEL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "FLYWHEEL_KAFKA_SASL_MECHANISM", "DIGEST")))
                .contains("kafka.sasl.mechanism (env FLYWHEEL_KAFKA_SASL_MECHANISM)", "DIGEST");
    }

    @Test
    void shouldRejectSaslProtocolWithoutMechanism() {
        assertThat(rejected(Map.of("FLYWHEEL_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")))
                .contains("kafka.sasl.mechanism (env FLYWHEEL_KAFKA_SASL_MECHANISM or --set kafka.sasl.mechanism): "
                        + "is needed with kafka.security.protocol=SASL_PLAINTEXT");
    }

    @Test
    void shouldRejectScramWithoutJaasConfig() {
        assertThat(rejected(Map.of("FLYWHEEL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "FLYWHEEL_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256")))
                .contains("kafka.sasl.jaas.config", "is needed with kafka.sasl.mechanism=SCRAM-SHA-256");
    }

    @Test
    void shouldRejectSaslSettingsThatPlaintextWouldIgnore() {
        assertThat(rejected(Map.of("FLYWHEEL_KAFKA_SASL_JAAS_CONFIG", "x required;")))
                .contains("kafka.sasl.jaas.config (env FLYWHEEL_KAFKA_SASL_JAAS_CONFIG): has no effect with "
                        + "kafka.security.protocol=PLAINTEXT");
    }

    @Test
    void shouldRejectTruststoreThatPlaintextWouldIgnore() {
        assertThat(rejected(Map.of("FLYWHEEL_KAFKA_SSL_TRUSTSTORE_LOCATION", "/tmp/ts.jks")))
                .contains("kafka.ssl.truststore.location", "has no effect with kafka.security.protocol=PLAINTEXT");
    }

    @Test
    void shouldRejectKeystoreWithoutPassword() {
        assertThat(rejected(Map.of("FLYWHEEL_KAFKA_SECURITY_PROTOCOL", "SSL",
                "FLYWHEEL_KAFKA_SSL_KEYSTORE_LOCATION", "/tmp/ks.jks")))
                .contains("kafka.ssl.keystore.password", "is needed with kafka.ssl.keystore.location");
    }

    @Test
    void shouldRejectUnknownTruststoreType() {
        assertThat(rejected(Map.of("FLYWHEEL_KAFKA_SSL_TRUSTSTORE_TYPE", "P12")))
                .contains("kafka.ssl.truststore.type (env FLYWHEEL_KAFKA_SSL_TRUSTSTORE_TYPE)");
    }

    @Test
    void shouldRejectRegistryUrlThatIsNotHttp() {
        assertThat(rejected(Map.of("FLYWHEEL_REGISTRY_URL", "localhost:8081")))
                .contains("registry.url (env FLYWHEEL_REGISTRY_URL)", "expected http or https://host[:port]");
    }

    @Test
    void shouldRejectRegistryUserInfoWithoutColonAndHideIt() {
        String message = rejected(Map.of("FLYWHEEL_REGISTRY_BASIC_AUTH_USER_INFO", "topsecret"));

        assertThat(message).contains("registry.basic.auth.user.info (env FLYWHEEL_REGISTRY_BASIC_AUTH_USER_INFO): "
                + "invalid value (hidden)").doesNotContain("topsecret");
    }

    @Test
    void shouldRejectShortApiTokenAndHideIt() {
        String message = rejected(Map.of("FLYWHEEL_API_TOKEN", "short-secret"));

        assertThat(message).contains("api.token (env FLYWHEEL_API_TOKEN)").doesNotContain("short-secret");
    }

    @Test
    void shouldRejectRedisUrlWithWrongScheme() {
        assertThat(rejected(Map.of("FLYWHEEL_REDIS_URL", "http://cache:6379")))
                .contains("redis.url (env FLYWHEEL_REDIS_URL)", "expected redis or rediss://host[:port]");
    }

    @Test
    void shouldRejectRedisUrlWithoutLeakingItsPassword() {
        assertThat(rejected(Map.of("FLYWHEEL_REDIS_URL", "tcp://:hunter2@cache:6379")))
                .contains("redis.url").doesNotContain("hunter2");
    }

    @Test
    void shouldRejectMalformedS3Endpoint() {
        assertThat(rejected(Map.of("FLYWHEEL_S3_ENDPOINT", "s3 .example.com")))
                .contains("s3.endpoint (env FLYWHEEL_S3_ENDPOINT)");
    }

    @Test
    void shouldRejectInvalidBucketName() {
        assertThat(rejected(Map.of("FLYWHEEL_S3_BUCKET", "My_Bucket")))
                .contains("s3.bucket (env FLYWHEEL_S3_BUCKET)", "an S3 bucket name is 3-63");
    }

    @Test
    void shouldRejectAccessKeyWithoutSecretKey() {
        assertThat(rejected(Map.of("FLYWHEEL_S3_ACCESS_KEY", "AKIA123")))
                .contains("s3.secret.key", "is needed with s3.access.key");
    }

    @Test
    void shouldRejectNonBooleanPathStyle() {
        assertThat(rejected(Map.of("FLYWHEEL_S3_PATH_STYLE", "sometimes")))
                .contains("s3.path.style (env FLYWHEEL_S3_PATH_STYLE)", "(expected boolean");
    }

    @Test
    void shouldRejectNonBooleanDashboardReadTokenRequired() {
        assertThat(rejected(Map.of("FLYWHEEL_DASHBOARD_READ_TOKEN_REQUIRED", "maybe")))
                .contains("dashboard.read.token.required (env FLYWHEEL_DASHBOARD_READ_TOKEN_REQUIRED)",
                        "(expected boolean");
    }

    @Test
    void shouldRejectDashboardReadTokenRequiredWithoutAnApiToken() {
        assertThat(rejected(Map.of("FLYWHEEL_DASHBOARD_READ_TOKEN_REQUIRED", "true")))
                .contains("api.token (env FLYWHEEL_API_TOKEN or --set api.token)",
                        "is needed with dashboard.read.token.required=true");
        assertThat(FlywheelConfig.load(Map.of("FLYWHEEL_DASHBOARD_READ_TOKEN_REQUIRED", "true",
                "FLYWHEEL_API_TOKEN", "a-token-long-enough-0123456789"), Map.of()).dashboardReadTokenRequired())
                .isTrue();
    }

    @Test
    void shouldRejectTopicPrefixWithIllegalCharacters() {
        assertThat(rejected(Map.of("FLYWHEEL_TOPIC_PREFIX", "team a/")))
                .contains("topic.prefix (env FLYWHEEL_TOPIC_PREFIX)");
    }

    @Test
    void shouldRejectZeroPartitions() {
        assertThat(rejected(Map.of("FLYWHEEL_TOPIC_PARTITIONS", "0")))
                .contains("topic.partitions (env FLYWHEEL_TOPIC_PARTITIONS)", "Value must be at least 1");
    }

    @Test
    void shouldRejectNonNumericPartitions() {
        assertThat(rejected(Map.of("FLYWHEEL_TOPIC_PARTITIONS", "three")))
                .contains("topic.partitions (env FLYWHEEL_TOPIC_PARTITIONS)", "(expected int");
    }

    @Test
    void shouldRejectZeroReplicationFactor() {
        assertThat(rejected(Map.of("FLYWHEEL_TOPIC_REPLICATION_FACTOR", "0")))
                .contains("topic.replication.factor", "use -1 for the broker default, or at least 1");
    }

    @Test
    void shouldRejectUnknownEmbeddedMode() {
        assertThat(rejected(Map.of("FLYWHEEL_EMBEDDED", "maybe"))).contains("embedded (env FLYWHEEL_EMBEDDED)");
    }

    @Test
    void shouldRejectUnknownKafkaStreamsMetricsDetail() {
        assertThat(rejected(Map.of("FLYWHEEL_METRICS_KAFKA_STREAMS_DETAIL", "task")))
                .contains("metrics.kafka.streams.detail (env FLYWHEEL_METRICS_KAFKA_STREAMS_DETAIL)",
                        "String must be one of: stage, all");
        assertThat(FlywheelConfig.load(Map.of("FLYWHEEL_METRICS_KAFKA_STREAMS_DETAIL", "all"), Map.of())
                .kafkaStreamsMetricsDetail()).isEqualTo(StreamsMetricsDetail.ALL);
        assertThat(FlywheelConfig.defaults().kafkaStreamsMetricsDetail()).isEqualTo(StreamsMetricsDetail.STAGE);
    }

    @Test
    void shouldRejectEmptyStateDir() {
        assertThat(rejected(Map.of(), Map.of("state.dir", ""))).contains("state.dir (--set state.dir)");
    }

    @Test
    void shouldRejectUnknownSetKeyWithSuggestion() {
        assertThat(rejected(Map.of(), Map.of("kafka.bootstrap.server", "k:9092")))
                .contains("--set kafka.bootstrap.server: unknown setting (did you mean 'kafka.bootstrap.servers'?)");
    }

    @Test
    void shouldRejectSetArgumentWithoutEquals() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> Overrides.parse(List.of("redis.url")));

        assertThat(e.getMessage()).contains("--set 'redis.url': expected key=value");
    }

    @Test
    void shouldIgnoreUnknownFlywheelVariablesWithAWarning() {
        Map<String, String> env = new HashMap<>();
        env.put("FLYWHEEL_HOME", "/opt/flywheel");

        assertThat(FlywheelConfig.load(env, Map.of()).embedded()).isTrue();
    }
}
