package dev.flywheel.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistryClientConfigTest {

    @Test
    void shouldTakeCredentialsOutOfTheUrl() {
        RegistryClientConfig config = RegistryClientConfig.of("https://alice:s3cret@registry.example:8081/");

        assertThat(config.urls()).containsExactly(URI.create("https://registry.example:8081"));
        assertThat(config.userInfo()).isEqualTo("alice:s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldRejectUrlThatIsNotHttpWithClearMessage() {
        assertThatThrownBy(() -> RegistryClientConfig.of("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'localhost:8081' is not an absolute http:// or https:// URL");
    }

    @Test
    void shouldRequireAtLeastOneUrl() {
        assertThatThrownBy(() -> RegistryClientConfig.of(" , ")).hasMessageContaining("At least one schema registry URL");
    }

    @Test
    void shouldBackOffExponentiallyWithinBounds() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));

        assertThat(policy.backoff(1).toMillis()).isBetween(80L, 100L);
        assertThat(policy.backoff(2).toMillis()).isBetween(160L, 200L);
        assertThat(policy.backoff(3).toMillis()).isBetween(320L, 400L);
        assertThat(policy.backoff(10).toMillis()).isBetween(800L, 1000L);
        assertThat(policy.backoff(64).toMillis()).isBetween(800L, 1000L);
    }

    @Test
    void shouldRejectNegativeRetries() {
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO)).hasMessageContaining("maxRetries");
    }
}
