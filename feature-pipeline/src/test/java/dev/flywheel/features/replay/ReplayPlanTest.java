package dev.flywheel.features.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.WindowKind;
import dev.flywheel.topology.spec.WindowSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Instant FROM = Instant.parse("2030-01-01T10:00:00Z");

    private static FeatureViewSpec view(Duration grace, FeatureSpec... features) {
        return new FeatureViewSpec("v", "txns", List.of("card_id"), Optional.empty(), grace, List.of(features));
    }

    private static FeatureSpec windowed(String name, WindowKind kind, Duration size, Duration hop) {
        return new FeatureSpec(name, Aggregation.COUNT, Optional.empty(), Optional.of(new WindowSpec(kind, size, hop)));
    }

    private static FeatureSpec allTime(String name, Aggregation aggregation) {
        return new FeatureSpec(name, aggregation, Optional.of("amount"), Optional.empty());
    }

    /** Three partitions: earliest 5, 0, 0; end 100, 50, 0; records at time t at offset (t - 9:00) / 1 min. */
    private static final class FakeOffsets implements SourceOffsets {
        final List<Long> asked = new ArrayList<>();

        @Override
        public Map<Integer, Long> earliest() {
            return Map.of(0, 5L, 1, 0L, 2, 0L);
        }

        @Override
        public Map<Integer, Long> end() {
            return Map.of(0, 100L, 1, 50L, 2, 0L);
        }

        @Override
        public Map<Integer, Long> atTime(long millis) {
            asked.add(millis);
            long minutes = (millis - Instant.parse("2030-01-01T09:00:00Z").toEpochMilli()) / 60_000;
            return Map.of(0, Math.min(100, minutes), 1, Math.min(50, minutes), 2, 0L);
        }
    }

    @Test
    void shouldLookBackTheLongestWindowPlusTheGrace() {
        assertThat(ReplayPlan.lookback(view(Duration.ofMinutes(10),
                windowed("a", WindowKind.SLIDING, HOUR, HOUR),
                windowed("b", WindowKind.HOPPING, Duration.ofHours(2), Duration.ofMinutes(30)),
                allTime("c", Aggregation.PASSTHROUGH))))
                .contains(Duration.ofMinutes(130));
    }

    @Test
    void shouldLookBackTheGraceOnlyForPassthroughFields() {
        assertThat(ReplayPlan.lookback(view(Duration.ofMinutes(5), allTime("c", Aggregation.PASSTHROUGH))))
                .contains(Duration.ofMinutes(5));
    }

    @Test
    void shouldNeedTheWholeHistoryForAnAllTimeAggregate() {
        assertThat(ReplayPlan.lookback(view(Duration.ZERO, windowed("a", WindowKind.TUMBLING, HOUR, HOUR),
                allTime("total", Aggregation.SUM)))).isEmpty();
    }

    @Test
    void shouldStartAtTheWarmUpAndWriteRowsFromTheTime() {
        FakeOffsets offsets = new FakeOffsets();
        // lookback 30 min + 0 grace: read from 9:30 (offset 30), write rows as of 10:00
        ReplayPlan plan = ReplayPlan.of(view(Duration.ZERO, windowed("a", WindowKind.TUMBLING,
                Duration.ofMinutes(30), Duration.ofMinutes(30))), new ReplayStart.AtTime(FROM), offsets);

        assertThat(offsets.asked).containsExactly(FROM.minus(Duration.ofMinutes(30)).toEpochMilli());
        assertThat(plan.start()).isEqualTo(Map.of(0, 30L, 1, 30L, 2, 0L));
        assertThat(plan.end()).isEqualTo(Map.of(0, 100L, 1, 50L, 2, 0L));
        assertThat(plan.emitFrom()).isEqualTo(OptionalLong.of(FROM.toEpochMilli()));
        assertThat(plan.emitFromInstant()).contains(FROM);
        assertThat(plan.records()).isEqualTo(70 + 20);
    }

    @Test
    void shouldReadFromTheFirstRetainedOffsetWhenTheWarmUpReachesBeyondIt() {
        FakeOffsets offsets = new FakeOffsets();
        ReplayPlan plan = ReplayPlan.of(view(Duration.ZERO, allTime("total", Aggregation.SUM)),
                new ReplayStart.AtTime(FROM), offsets);

        assertThat(offsets.asked).isEmpty();
        assertThat(plan.start()).isEqualTo(Map.of(0, 5L, 1, 0L, 2, 0L));
        assertThat(plan.lookback()).isEmpty();
        assertThat(plan.emitFrom()).isPresent();
    }

    @Test
    void shouldStartExactlyAtGivenOffsetsClampedToEachPartitionAndWriteEveryRow() {
        ReplayPlan plan = ReplayPlan.of(view(Duration.ZERO, allTime("total", Aggregation.SUM)),
                ReplayStart.parseOffsets("offset:2").orElseThrow(), new FakeOffsets());

        assertThat(plan.start()).isEqualTo(Map.of(0, 5L, 1, 2L, 2, 0L));
        assertThat(plan.emitFrom()).isEmpty();
    }

    @Test
    void shouldNotReplayPartitionsNotNamed() {
        ReplayPlan plan = ReplayPlan.of(view(Duration.ZERO, allTime("total", Aggregation.SUM)),
                ReplayStart.parseOffsets("1:40").orElseThrow(), new FakeOffsets());

        assertThat(plan.start()).isEqualTo(Map.of(0, 100L, 1, 40L, 2, 0L));
        assertThat(plan.records()).isEqualTo(10);
    }

    @Test
    void shouldRefuseAnUnknownPartitionOrAnOffsetPastTheEnd() {
        FeatureViewSpec view = view(Duration.ZERO, allTime("total", Aggregation.SUM));
        assertThatThrownBy(() -> ReplayPlan.of(view, ReplayStart.parseOffsets("7:0").orElseThrow(), new FakeOffsets()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no partition 7 (it has 3)");
        assertThatThrownBy(() -> ReplayPlan.of(view, ReplayStart.parseOffsets("1:51").orElseThrow(), new FakeOffsets()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past the end of partition 1 (50)");
    }

    @Test
    void shouldNameTheReplayStageAfterTheViewAndTheTime() {
        assertThat(FeatureViewReplay.stageName("card_spend", Instant.parse("2030-01-02T03:04:05.678Z")))
                .isEqualTo("features-card_spend-replay-20300102T030405678Z");
    }
}
