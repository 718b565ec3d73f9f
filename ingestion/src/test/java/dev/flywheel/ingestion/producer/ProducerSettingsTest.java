package dev.flywheel.ingestion.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

    @Test
    void shouldFixAcksAllAndIdempotenceOverCallerProperties() {
        // given
        Properties connection = new Properties();
        connection.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "k:9092");
        connection.put(ProducerConfig.ACKS_CONFIG, "1");

        // when
        Properties props = ProducerProperties.of(connection, ProducerSettings.defaults());

        // then
        assertThat(props).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 10)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000L)
                .containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "k:9092");
    }

    @Test
    void shouldApplyCompressionBatchingAndTimeouts() {
        // when
        ProducerSettings settings = ProducerSettings.defaults().withCompression("zstd")
                .withBatching(Duration.ofMillis(50), 1 << 20)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1))
                .withAutoRegisterSchemas(false);
        Properties props = ProducerProperties.of(new Properties(), settings);

        // then
        assertThat(settings.autoRegisterSchemas()).isFalse();
        assertThat(props).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 50)
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000L);
    }

    @Test
    void shouldRejectUnknownCompression() {
        assertThatThrownBy(() -> ProducerSettings.defaults().withCompression("brotli"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("compression must be one of").hasMessageContaining("'brotli'");
    }

    @Test
    void shouldRejectNegativeLinger() {
        assertThatThrownBy(() -> ProducerSettings.defaults().withBatching(Duration.ofMillis(-1), 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linger");
    }

    @Test
    void shouldRejectEmptyBatchSize() {
        assertThatThrownBy(() -> ProducerSettings.defaults().withBatching(Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    }

    @Test
    void shouldRejectZeroRequestTimeout() {
        assertThatThrownBy(() -> ProducerSettings.defaults().withTimeouts(Duration.ZERO, Duration.ofSeconds(5),
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout");
    }

    @Test
    void shouldRejectNegativeMaxBlock() {
        assertThatThrownBy(() -> ProducerSettings.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBlock");
    }

    @Test
    void shouldRejectDeliveryTimeoutShorterThanLingerPlusRequestTimeout() {
        assertThatThrownBy(() -> ProducerSettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deliveryTimeout (2000 ms) must be at least linger + requestTimeout (5010 ms)");
    }
}
