package dev.flywheel.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ConsumerLagMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private final FakeSources sources = new FakeSources();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void shouldScrapeTheLagOfEachGroupOnEachTopicAsOfTheLastRead() {
        sources.snapshots.add(FakeSources.snapshot(T0, 100, 60));
        sources.snapshots.add(FakeSources.snapshot(T0.plusSeconds(15), 130, 125));
        try (ConsumerLagMetrics lag = ConsumerLagMetrics.start(sources, meters, Duration.ofHours(1))) {
            await().until(() -> meters.find(ConsumerLagMetrics.LAG).gauge() != null);
            assertThat(meters.scrape()).contains(
                    "flywheel_consumer_lag{group=\"flywheel-features-card_spend\",topic=\"transactions.valid\"} 40.0");

            lag.refresh();

            assertThat(meters.scrape()).contains(
                    "flywheel_consumer_lag{group=\"flywheel-features-card_spend\",topic=\"transactions.valid\"} 5.0");
        }
    }

    @Test
    void shouldKeepTheLastValuesWhenKafkaDoesNotAnswer() {
        sources.snapshots.add(FakeSources.snapshot(T0, 100, 60));
        try (ConsumerLagMetrics lag = ConsumerLagMetrics.start(sources, meters, Duration.ofHours(1))) {
            await().until(() -> meters.find(ConsumerLagMetrics.LAG).gauge() != null);
            sources.failure = () -> new SourceUnavailableException("Kafka did not answer within PT5S",
                    new TimeoutException("timed out"));

            lag.refresh();

            assertThat(meters.get(ConsumerLagMetrics.LAG).tag("topic", "transactions.valid").gauge().value())
                    .isEqualTo(40);
        }
    }
}
