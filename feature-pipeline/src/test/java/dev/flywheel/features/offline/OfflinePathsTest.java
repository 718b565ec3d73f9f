package dev.flywheel.features.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class OfflinePathsTest {

    @Test
    void shouldNameObjectsByTargetDateTopicPartitionAndFirstOffset() {
        String key = OfflinePaths.objectKey("offline", OfflineTarget.Kind.FEATURES, "card_spend",
                LocalDate.parse("2026-01-02"), "features.card_spend", 3, 100);
        assertThat(key).isEqualTo(
                "offline/view=card_spend/date=2026-01-02/features.card_spend+3+00000000000000000100.parquet");
        assertThat(OfflinePaths.dateOfKey(key)).isEqualTo(LocalDate.parse("2026-01-02"));
    }

    @Test
    void shouldPartitionSourcesUnderSource() {
        assertThat(OfflinePaths.targetPrefix("offline", OfflineTarget.Kind.SOURCE, "fraud_labels"))
                .isEqualTo("offline/source=fraud_labels/");
    }

    @Test
    void shouldDateEventsInUtc() {
        assertThat(OfflinePaths.dateOf(Instant.parse("2026-01-01T23:59:59.999Z").toEpochMilli()))
                .isEqualTo(LocalDate.parse("2026-01-01"));
        assertThat(OfflinePaths.dateOf(Instant.parse("2026-01-02T00:00:00Z").toEpochMilli()))
                .isEqualTo(LocalDate.parse("2026-01-02"));
    }
}
