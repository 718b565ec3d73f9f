package dev.flywheel.ingestion.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpIngestSettingsTest {

    private final HttpIngestSettings defaults = HttpIngestSettings.defaults(Path.of("."));

    @Test
    void shouldWaitForAcksLongerThanTheRecommendedProducerCanTake() {
        assertThat(defaults.maxRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(defaults.ackTimeout()).isGreaterThan(HttpIngestSettings.PRODUCER_SETTINGS.deliveryTimeout()
                .plus(HttpIngestSettings.PRODUCER_SETTINGS.maxBlock()));
    }

    @Test
    void shouldRejectZeroBodyLimit() {
        assertThatThrownBy(() -> defaults.withMaxRequestBytes(0)).hasMessageContaining("maxRequestBytes");
    }

    @Test
    void shouldRejectZeroAckTimeout() {
        assertThatThrownBy(() -> defaults.withAckTimeout(Duration.ZERO)).hasMessageContaining("ackTimeout must be positive");
    }

    @Test
    void shouldRejectNegativeSchemaRefresh() {
        assertThatThrownBy(() -> defaults.withSchemaRefresh(Duration.ofSeconds(-1))).hasMessageContaining("schemaRefresh");
    }

    @Test
    void shouldRejectZeroRetryAfter() {
        assertThatThrownBy(() -> defaults.withRetryAfter(Duration.ZERO)).hasMessageContaining("retryAfter");
    }
}
