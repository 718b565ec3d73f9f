package dev.flywheel.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

    @Test
    void shouldApplyConfluentDefaults() {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of());

        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.specificAvroReader()).isFalse();
        assertThat(config.subjectNameStrategy(false)).isInstanceOf(TopicNameStrategy.class);
        assertThat(config.subjectNameStrategy(true)).isInstanceOf(TopicNameStrategy.class);
        assertThat(config.specificReaderType(false)).isNull();
        assertThat(config.registryUrls()).isEmpty();
    }

    @Test
    void shouldIgnoreUnrelatedKafkaSettings() {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of("bootstrap.servers", "localhost:9092", "acks", "all"));

        assertThat(config.autoRegisterSchemas()).isTrue();
    }

    @Test
    void shouldBuildRegistryClientSettingsFromKeys() {
        RegistryClientConfig client = new AvroSerdeConfig(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://a:8081, http://b:8081",
                AvroSerdeConfig.CONNECT_TIMEOUT_MS, "1500",
                AvroSerdeConfig.REQUEST_TIMEOUT_MS, 2500,
                AvroSerdeConfig.RETRIES, 7,
                AvroSerdeConfig.RETRY_BACKOFF_MS, 20L,
                AvroSerdeConfig.RETRY_BACKOFF_MAX_MS, 400L,
                AvroSerdeConfig.LATEST_CACHE_TTL_SEC, 5L,
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO, "svc:pw")).registryClientConfig();

        assertThat(client.urls()).containsExactly(URI.create("http://a:8081"), URI.create("http://b:8081"));
        assertThat(client.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(client.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(client.retry().maxRetries()).isEqualTo(7);
        assertThat(client.retry().initialBackoff()).isEqualTo(Duration.ofMillis(20));
        assertThat(client.retry().maxBackoff()).isEqualTo(Duration.ofMillis(400));
        assertThat(client.latestCacheTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(client.userInfo()).isEqualTo("svc:pw");
    }

    @Test
    void shouldTakeCredentialsFromUrlByDefault() {
        RegistryClientConfig client = new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                "http://u:p@registry:8081", AvroSerdeConfig.BASIC_AUTH_USER_INFO, "ignored:x")).registryClientConfig();

        assertThat(client.userInfo()).isEqualTo("u:p");
    }

    @Test
    void shouldRejectMalformedUrl() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "registry:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url")
                .hasMessageContaining("not an absolute http:// or https:// URL");
    }

    @Test
    void shouldRequireUrlWhenNoClientIsGiven() {
        GenericAvroSerializer serializer = new GenericAvroSerializer();

        assertThatThrownBy(() -> serializer.configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing required configuration \"schema.registry.url\"");
    }

    @Test
    void shouldRejectUnknownStrategy() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "Nope")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("value.subject.name.strategy")
                .hasMessageContaining("Unknown subject name strategy 'Nope'");
    }

    @Test
    void shouldRejectUnsupportedCredentialsSource() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source")
                .hasMessageContaining("URL, USER_INFO");
    }

    @Test
    void shouldRequireUserInfoWhenSourceIsUserInfo() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO, "no-colon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.user.info")
                .hasMessageContaining("'user:password'")
                .hasMessageNotContaining("no-colon");
    }

    @Test
    void shouldRejectNonPositiveTimeout() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.REQUEST_TIMEOUT_MS, 0)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.request.timeout.ms");
    }

    @Test
    void shouldRejectNegativeRetries() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.RETRIES, -1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.retries");
    }

    @Test
    void shouldRejectBooleanThatIsNotBoolean() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "sometimes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas");
    }

    @Test
    void shouldRejectReaderTypeThatIsNotGenerated() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, "java.lang.String")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("specific.avro.value.type")
                .hasMessageContaining("must be a generated Avro class");
    }

    @Test
    void shouldRejectReaderTypeThatDoesNotExist() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE, "no.such.Type")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("specific.avro.key.type");
    }

    @Test
    void shouldAcceptGeneratedReaderType() {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, DriftDetected.class));

        assertThat(config.specificReaderType(false)).isEqualTo(DriftDetected.class);
    }

    @Test
    void shouldRejectMockUrlMixedWithRealOne() {
        GenericAvroSerializer serializer = new GenericAvroSerializer();

        assertThatThrownBy(() -> serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                "mock://x,http://localhost:8081"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mock:// URL cannot be combined");
    }

    @Test
    void shouldDocumentEverySetting() {
        assertThat(AvroSerdeConfig.configDef().configKeys().values())
                .allSatisfy(key -> assertThat(key.documentation).isNotBlank());
    }
}
