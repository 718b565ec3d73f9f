package dev.flywheel.topology.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class FlywheelConfigTest {

    @Test
    void shouldUseEcosystemDefaultsAndEmbedEverything() {
        FlywheelConfig config = FlywheelConfig.defaults();

        assertThat(config.bootstrapServers()).containsExactly("localhost:9092");
        assertThat(config.registryUrl()).isEqualTo(URI.create("http://localhost:8081"));
        assertThat(config.redisUrl()).isEqualTo(URI.create("redis://localhost:6379"));
        assertThat(config.redisTls()).isFalse();
        assertThat(config.s3Endpoint()).isEmpty();
        assertThat(config.s3Bucket()).isEqualTo("flywheel");
        assertThat(config.s3PathStyle()).isTrue();
        assertThat(config.topicPrefix()).isEmpty();
        assertThat(config.topicPartitions()).isEqualTo(3);
        assertThat(config.topicReplicationFactor()).isEmpty();
        assertThat(config.stateDir()).isEqualTo(Path.of(".flywheel/state"));
        assertThat(config.securityProtocol()).isEqualTo("PLAINTEXT");
        assertThat(config.embedded()).isTrue();
    }

    @Test
    void shouldReadEnvironmentVariablesNamedAfterSettings() {
        FlywheelConfig config = FlywheelConfig.load(Map.of(
                "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", "k1:9092, k2:9093",
                "FLYWHEEL_TOPIC_PREFIX", "team-a.",
                "FLYWHEEL_TOPIC_REPLICATION_FACTOR", "3",
                "FLYWHEEL_REDIS_URL", "rediss://cache.internal:6380"), Map.of());

        assertThat(config.bootstrapServers()).containsExactly("k1:9092", "k2:9093");
        assertThat(config.topicPrefix()).isEqualTo("team-a.");
        assertThat(config.topicReplicationFactor()).contains((short) 3);
        assertThat(config.redisTls()).isTrue();
        assertThat(config.origin(FlywheelSettings.TOPIC_PREFIX)).isEqualTo(SettingOrigin.ENVIRONMENT);
    }

    @Test
    void shouldLetSetOverridesWinOverEnvironment() {
        FlywheelConfig config = FlywheelConfig.load(Map.of("FLYWHEEL_S3_BUCKET", "from-env"),
                Overrides.parse(List.of("s3.bucket=from-flag")));

        assertThat(config.s3Bucket()).isEqualTo("from-flag");
        assertThat(config.origin(FlywheelSettings.S3_BUCKET)).isEqualTo(SettingOrigin.OVERRIDE);
    }

    @Test
    void shouldEmbedOnlyServicesWithoutExplicitEndpoint() {
        FlywheelConfig config = FlywheelConfig.load(Map.of("FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"), Map.of());

        assertThat(config.embeddedKafka()).isFalse();
        assertThat(config.embeddedRegistry()).isTrue();
        assertThat(config.embeddedRedis()).isTrue();
        assertThat(config.embeddedS3()).isTrue();
        assertThat(config.embedded()).isFalse();
    }

    @Test
    void shouldEmbedNothingWhenEmbeddedIsFalse() {
        FlywheelConfig config = FlywheelConfig.load(Map.of("FLYWHEEL_EMBEDDED", "false"), Map.of());

        assertThat(config.embeddedKafka()).isFalse();
        assertThat(config.embeddedS3()).isFalse();
    }

    @Test
    void shouldBuildKafkaClientPropertiesForSaslSslWithoutPrintingSecrets() {
        FlywheelConfig config = FlywheelConfig.load(Map.of(
                "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", "broker:9094",
                "FLYWHEEL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "FLYWHEEL_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "FLYWHEEL_KAFKA_SASL_JAAS_CONFIG", "ScramLoginModule required username=\"u\" password=\"s3cr3t\";",
                "FLYWHEEL_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
                "FLYWHEEL_KAFKA_SSL_TRUSTSTORE_PASSWORD", "trustpw",
                "FLYWHEEL_KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12"), Map.of());

        Properties props = ClientConfigs.kafka(config);

        assertThat(props).containsEntry("bootstrap.servers", "broker:9094")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsEntry("ssl.truststore.type", "PKCS12");
        assertThat(((Password) props.get("sasl.jaas.config")).value()).contains("s3cr3t");
        assertThat(props.toString()).doesNotContain("s3cr3t").doesNotContain("trustpw");
        assertThat(config.toString()).doesNotContain("s3cr3t").doesNotContain("trustpw").contains("[hidden]");
    }

    @Test
    void shouldLeaveTlsSettingsOutOfPlaintextClients() {
        assertThat(ClientConfigs.kafka(FlywheelConfig.defaults())).containsOnlyKeys("bootstrap.servers",
                "security.protocol");
    }

    @Test
    void shouldMaskPasswordsAndUrlCredentialsInToString() {
        FlywheelConfig config = FlywheelConfig.load(Map.of(
                "FLYWHEEL_REDIS_URL", "redis://:urlpass@cache:6379",
                "FLYWHEEL_REDIS_PASSWORD", "redispass",
                "FLYWHEEL_REGISTRY_BASIC_AUTH_USER_INFO", "svc:regpass",
                "FLYWHEEL_S3_ACCESS_KEY", "AKIA123",
                "FLYWHEEL_S3_SECRET_KEY", "s3pass"), Map.of());

        assertThat(config.toString()).doesNotContain("urlpass", "redispass", "regpass", "s3pass")
                .contains("redis.url=redis://[hidden]@cache:6379 (env FLYWHEEL_REDIS_URL)");
        assertThat(config.redisPassword().map(Password::value)).contains("redispass");
        assertThat(ClientConfigs.registry(config)).containsEntry("schema.registry.url", "http://localhost:8081")
                .containsEntry("basic.auth.credentials.source", "USER_INFO");
    }

    @Test
    void shouldReadApiTokenAsSecretAndLeaveItUnsetByDefault() {
        FlywheelConfig config = FlywheelConfig.load(Map.of("FLYWHEEL_API_TOKEN", "0123456789abcdef-token"), Map.of());

        assertThat(config.apiToken()).map(token -> token.value()).contains("0123456789abcdef-token");
        assertThat(config.toString()).doesNotContain("0123456789abcdef-token");
        assertThat(FlywheelConfig.defaults().apiToken()).isEmpty();
    }

    @Test
    void shouldKeepEarlierValuesWhenAddingOverrides() {
        FlywheelConfig config = FlywheelConfig.load(Map.of("FLYWHEEL_TOPIC_PREFIX", "x."), Map.of())
                .with(Map.of(FlywheelSettings.TOPIC_PARTITIONS, "6"));

        assertThat(config.topicPrefix()).isEqualTo("x.");
        assertThat(config.topicPartitions()).isEqualTo(6);
        assertThat(config.s3SecretKey()).isEqualTo(Optional.empty());
    }

    @Test
    void shouldTreatEmptyVariableAsUnset() {
        FlywheelConfig config = FlywheelConfig.load(Map.of("FLYWHEEL_S3_ENDPOINT", ""), Map.of());

        assertThat(config.s3Endpoint()).isEmpty();
    }

    @Test
    void shouldCollectEveryInvalidSettingInOneException() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> FlywheelConfig.load(
                Map.of("FLYWHEEL_TOPIC_PARTITIONS", "0", "FLYWHEEL_REDIS_URL", "http://x"), Map.of()));

        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage()).startsWith("Invalid Flywheel settings:");
    }
}
