package dev.flywheel.features.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OnlineStoreConfigTest {

    @Test
    void shouldReadHostPortDatabaseTlsAndPasswordFromUrl() {
        OnlineStoreConfig config = OnlineStoreConfig.builder("fraud").url(URI.create("rediss://:s3cret@redis.example:6380/2")).build();

        assertThat(config.host()).isEqualTo("redis.example");
        assertThat(config.port()).isEqualTo(6380);
        assertThat(config.database()).isEqualTo(2);
        assertThat(config.tls()).isTrue();
        assertThat(config.password()).contains("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldDefaultToVersion3KeysWithoutTtl() {
        OnlineStoreConfig config = OnlineStoreConfig.builder("fraud").build();

        assertThat(config.keySerialization()).isEqualTo(EntityKeySerialization.V3);
        assertThat(config.keyTtl()).isEmpty();
        assertThat(config.port()).isEqualTo(6379);
    }

    @Test
    void shouldRejectBlankProject() {
        assertThatThrownBy(() -> OnlineStoreConfig.builder(" ").build()).hasMessageContaining("project");
    }

    @Test
    void shouldRejectPortOutOfRange() {
        assertThatThrownBy(() -> OnlineStoreConfig.builder("p").port(70_000).build()).hasMessageContaining("port");
    }

    @Test
    void shouldRejectSubSecondTtl() {
        assertThatThrownBy(() -> OnlineStoreConfig.builder("p").keyTtl(Duration.ofMillis(500)).build()).hasMessageContaining("keyTtl");
    }

    @Test
    void shouldRejectZeroAttemptsPoolOrTimeouts() {
        assertThatThrownBy(() -> OnlineStoreConfig.builder("p").maxAttempts(0).build()).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> OnlineStoreConfig.builder("p").poolSize(0).build()).hasMessageContaining("poolSize");
        assertThatThrownBy(() -> OnlineStoreConfig.builder("p").socketTimeout(Duration.ZERO).build()).hasMessageContaining("socketTimeout");
        assertThatThrownBy(() -> OnlineStoreConfig.builder("p").connectTimeout(Duration.ZERO).build()).hasMessageContaining("connectTimeout");
    }

    @Test
    void shouldRejectMaxBackoffBelowInitial() {
        assertThatThrownBy(() -> OnlineStoreConfig.builder("p").backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .hasMessageContaining("maxBackoff");
    }

    @Test
    void shouldRejectUnknownUrlScheme() {
        assertThatThrownBy(() -> OnlineStoreConfig.builder("p").url(URI.create("http://localhost:6379")))
                .hasMessageContaining("scheme");
    }
}
