package dev.flywheel.features.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PartitionBufferTest {

    private static final long DAY1 = Instant.parse("2026-01-01T23:00:00Z").toEpochMilli();
    private static final OfflineSinkSettings SETTINGS = new OfflineSinkSettings("g", "t", 3, 1000, Duration.ofSeconds(10),
            10, Duration.ofMillis(100), Duration.ZERO);

    @Test
    void shouldSplitRecordsByEventDateInOffsetOrder() {
        PartitionBuffer buffer = new PartitionBuffer();
        buffer.add(10, DAY1, OfflineItSupport.row("a", DAY1, 10), 10, 0);
        buffer.add(11, DAY1 + 3_600_000, OfflineItSupport.row("a", DAY1 + 3_600_000, 11), 10, 0);
        buffer.add(12, DAY1 + 1, OfflineItSupport.row("b", DAY1 + 1, 12), 10, 0);

        assertThat(buffer.byDate()).containsOnlyKeys(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-02"));
        assertThat(buffer.byDate().get(LocalDate.parse("2026-01-01"))).extracting(PartitionBuffer.Buffered::offset)
                .containsExactly(10L, 12L);
        assertThat(buffer.firstOffset()).isEqualTo(10);
        assertThat(buffer.lastOffset()).isEqualTo(12);
    }

    @Test
    void shouldRollByCountBytesAndAge() {
        PartitionBuffer count = new PartitionBuffer();
        for (int i = 0; i < 3; i++) {
            count.add(i, DAY1, OfflineItSupport.row("a", DAY1, i), 1, 0);
        }
        PartitionBuffer bytes = new PartitionBuffer();
        bytes.add(0, DAY1, OfflineItSupport.row("a", DAY1, 0), 1000, 0);
        PartitionBuffer age = new PartitionBuffer();
        age.add(0, DAY1, OfflineItSupport.row("a", DAY1, 0), 1, 0);

        assertThat(count.isFull(SETTINGS, 0)).isTrue();
        assertThat(bytes.isFull(SETTINGS, 0)).isTrue();
        assertThat(age.isFull(SETTINGS, 9_999)).isFalse();
        assertThat(age.isFull(SETTINGS, 10_000)).isTrue();
    }

    @Test
    void shouldCountTombstonesInOffsetsButWriteNoRowForThem() {
        PartitionBuffer buffer = new PartitionBuffer();
        buffer.add(5, DAY1, null, 0, 0);

        assertThat(buffer.isEmpty()).isFalse();
        assertThat(buffer.size()).isZero();
        assertThat(buffer.byDate()).isEmpty();
        assertThat(buffer.lastOffset()).isEqualTo(5);
    }

    @Test
    void shouldAcceptOnlyItsOwnSchema() {
        PartitionBuffer buffer = new PartitionBuffer();
        buffer.add(0, DAY1, OfflineItSupport.row("a", DAY1, 0), 1, 0);

        assertThat(buffer.accepts(OfflineItSupport.SCHEMA)).isTrue();
        assertThat(buffer.accepts(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING))).isFalse();
    }
}
