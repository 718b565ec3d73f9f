package dev.flywheel.features.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReplayStartTest {

    @Test
    void shouldReadEarliestAsOffsetZeroOfEveryPartition() {
        ReplayStart.AtOffsets start = ReplayStart.parseOffsets("earliest").orElseThrow();
        assertThat(start.everyPartition()).isEqualTo(OptionalLong.of(0));
        assertThat(start.offsetOf(5)).contains(0L);
    }

    @Test
    void shouldReadOneOffsetForEveryPartition() {
        ReplayStart.AtOffsets start = ReplayStart.parseOffsets("offset:1200").orElseThrow();
        assertThat(start.offsetOf(0)).contains(1200L);
        assertThat(start.offsetOf(3)).contains(1200L);
    }

    @Test
    void shouldReadPerPartitionOffsetsAndSkipPartitionsNotNamed() {
        ReplayStart.AtOffsets start = ReplayStart.parseOffsets("0:10, 2:30").orElseThrow();
        assertThat(start.partitions()).isEqualTo(Map.of(0, 10L, 2, 30L));
        assertThat(start.offsetOf(1)).isEmpty();
        assertThat(start.offsetOf(2)).contains(30L);
    }

    @Test
    void shouldLeaveTimesAndDurationsToTheTimeParser() {
        assertThat(ReplayStart.parseOffsets("2026-11-30T10:00:00Z")).isEmpty();
        assertThat(ReplayStart.parseOffsets("2h")).isEmpty();
        assertThat(ReplayStart.parseOffsets("2026-11-30")).isEmpty();
        assertThat(ReplayStart.parseOffsets("0:10,x")).isEqualTo(Optional.empty());
    }

    @Test
    void shouldRefuseAPartitionNamedTwice() {
        assertThatThrownBy(() -> ReplayStart.parseOffsets("0:10,0:20"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partition 0 twice");
    }

    @Test
    void shouldRefuseNumbersTooLarge() {
        assertThatThrownBy(() -> ReplayStart.parseOffsets("offset:99999999999999999999"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> ReplayStart.parseOffsets("9999999999:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no partition");
    }
}
