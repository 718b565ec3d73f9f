package dev.flywheel.features.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureSpec;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntityStateCodecTest {

    private static final Duration GRACE = Duration.ofMinutes(10);
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;

    private static final FeatureDef COUNT = feature("n", Aggregation.COUNT, null, ValueType.LONG);
    private static final FeatureDef SUM = feature("total", Aggregation.SUM, ValueType.LONG, ValueType.LONG);
    private static final FeatureDef AVG = feature("mean", Aggregation.AVG, ValueType.DOUBLE, ValueType.DOUBLE);
    private static final FeatureDef MAX = feature("top", Aggregation.MAX, ValueType.LONG, ValueType.LONG);
    private static final FeatureDef LAST = feature("latest_mcc", Aggregation.LAST, ValueType.STRING, ValueType.STRING);
    private static final FeatureDef DISTINCT = feature("mccs", Aggregation.DISTINCT_COUNT, ValueType.STRING,
            ValueType.LONG);

    private static final List<FeatureDef> UNWINDOWED = List.of(COUNT, SUM, AVG, MAX, LAST, DISTINCT);
    private static final WindowGroup SLIDING = WindowGroup.of(ViewFixture.sliding(Duration.ofHours(1)),
            List.of(COUNT, DISTINCT), GRACE);
    private static final WindowGroup TUMBLING = WindowGroup.of(ViewFixture.tumbling(Duration.ofHours(1)),
            List.of(SUM, LAST), GRACE);
    private static final WindowGroup HOPPING = WindowGroup.of(ViewFixture.hopping(Duration.ofHours(1),
            Duration.ofMinutes(10)), List.of(AVG), GRACE);
    private static final List<WindowGroup> GROUPS = List.of(SLIDING, TUMBLING, HOPPING);

    @Test
    void shouldReadBackTheEntityAndEverySliceOfEveryGroup() {
        EntityStateCodec codec = new EntityStateCodec(UNWINDOWED, GROUPS);
        EntityState state = codec.empty();
        long[] times = {10 * HOUR, 10 * HOUR + 5 * MINUTE, 10 * HOUR + 5 * MINUTE, 11 * HOUR + MINUTE};
        for (int e = 0; e < times.length; e++) {
            add(state, times[e], e);
        }
        state.entity().nextCreated(9_000L);

        EntityState read = codec.decode(codec.encode(state));

        assertThat(read.latest()).isEqualTo(11 * HOUR + MINUTE);
        assertThat(read.entity().created()).isEqualTo(9_000L);
        assertThat(read.entity().results()).isEqualTo(state.entity().results())
                .containsExactly(4L, 100L, 3.0, 40L, "5411", 2L);
        for (int g = 0; g < GROUPS.size(); g++) {
            assertThat(starts(read.slices(g))).isEqualTo(starts(state.slices(g)));
            for (int i = 0; i < state.slices(g).size(); i++) {
                assertThat(read.slices(g).state(i).results()).isEqualTo(state.slices(g).state(i).results());
            }
        }
        // sliding: one slice per distinct millisecond; tumbling: one per hour; hopping: one per 10 minutes
        assertThat(starts(read.slices(0))).containsExactly(10 * HOUR, 10 * HOUR + 5 * MINUTE, 11 * HOUR + MINUTE);
        assertThat(read.slices(0).get(10 * HOUR + 5 * MINUTE).results()).containsExactly(2L, 1L);
        assertThat(starts(read.slices(1))).containsExactly(10 * HOUR, 11 * HOUR);
        assertThat(read.slices(1).get(10 * HOUR).results()).containsExactly(60L, "5411");
        assertThat(starts(read.slices(2))).containsExactly(10 * HOUR, 11 * HOUR);
        // re-encoding what was read gives the same bytes
        assertThat(codec.encode(read)).isEqualTo(codec.encode(state));
    }

    @Test
    void shouldKeepAnOutOfOrderSliceWithinGraceInStartOrder() {
        EntityStateCodec codec = new EntityStateCodec(List.of(), List.of(TUMBLING));
        EntityState state = codec.empty();
        add(state, 10 * HOUR + 50 * MINUTE, 0);
        add(state, 11 * HOUR + 5 * MINUTE, 1);
        // 9 minutes behind the latest event, within the 10 minute grace: it goes to the 10:00 slice, not the current
        add(state, 10 * HOUR + 56 * MINUTE, 2);
        add(state, 9 * HOUR + 59 * MINUTE, 0);

        EntityState read = codec.decode(codec.encode(state));

        Slices slices = read.slices(0);
        assertThat(starts(slices)).containsExactly(9 * HOUR, 10 * HOUR, 11 * HOUR);
        assertThat(slices.get(10 * HOUR).results()).containsExactly(40L, "5411");
        assertThat(slices.get(11 * HOUR).results()).containsExactly(20L, "5411");
        // the current window as of 11:05 merges only its own slice
        assertThat(slices.merge(TUMBLING.currentWindowFrom(11 * HOUR + 5 * MINUTE), 11 * HOUR + 5 * MINUTE,
                TUMBLING.features()).results()).containsExactly(20L, "5411");
    }

    @Test
    void shouldDropOnlySlicesOutOfEachGroupsRetention() {
        EntityState state = new EntityState(List.of(), List.of(SLIDING, TUMBLING));
        for (long t = 9 * HOUR; t <= 11 * HOUR; t += 10 * MINUTE) {
            add(state, t, 0);
        }
        // stream time 11:05; retention 1h10m: slices starting at or before 09:55 go
        assertThat(state.dropExpiredSlices(11 * HOUR + 5 * MINUTE)).isTrue();

        assertThat(starts(state.slices(0))).first().isEqualTo(10 * HOUR);
        assertThat(starts(state.slices(0))).hasSize(7);
        assertThat(starts(state.slices(1))).containsExactly(10 * HOUR, 11 * HOUR);
        assertThat(state.dropExpiredSlices(11 * HOUR + 5 * MINUTE)).isFalse();
        assertThat(state.dropExpiredSlices(13 * HOUR)).isTrue();
        assertThat(state.hasNoSlices()).isTrue();
    }

    @Test
    void shouldNotChangeTheCurrentWindowWhenItsOlderSlicesCrossRetention() {
        EntityStateCodec codec = new EntityStateCodec(List.of(), List.of(SLIDING));
        EntityState state = codec.empty();
        List<Long> times = new ArrayList<>();
        for (long t = 8 * HOUR; t <= 11 * HOUR; t += 7 * MINUTE) {
            times.add(t);
            add(state, t, times.size());
        }
        long asOf = times.get(times.size() - 1);
        long from = SLIDING.currentWindowFrom(asOf);
        List<Object> before = state.slices(0).merge(from, asOf, SLIDING.features()).results();

        // retention (1h10m) reaches further back than the window (1h): the 09:52 slice stays though outside the
        // window, everything older goes
        state.dropExpiredSlices(asOf);
        EntityState read = codec.decode(codec.encode(state));

        assertThat(starts(read.slices(0))).allMatch(start -> start > asOf - SLIDING.retention().toMillis());
        assertThat(starts(read.slices(0))).contains(times.get(times.size() - 10)).doesNotContain(8 * HOUR);
        assertThat(read.slices(0).merge(from, asOf, SLIDING.features()).results()).isEqualTo(before)
                .containsExactly(9L, 1L);
    }

    @Test
    void shouldKeepTheStateOfFeaturesAndWindowsTheViewStillHasAfterItChanged() {
        EntityStateCodec before = new EntityStateCodec(List.of(SUM, MAX), List.of(SLIDING, TUMBLING));
        EntityState state = before.empty();
        add(state, 10 * HOUR, 0);
        add(state, 10 * HOUR + MINUTE, 1);
        FeatureDef maxNowMin = feature("top", Aggregation.MIN, ValueType.LONG, ValueType.LONG);
        WindowGroup tumblingGained = WindowGroup.of(ViewFixture.tumbling(Duration.ofHours(1)),
                List.of(COUNT, LAST, SUM), GRACE);
        WindowGroup slidingResized = WindowGroup.of(ViewFixture.sliding(Duration.ofHours(2)),
                List.of(COUNT, DISTINCT), GRACE);
        // gained a feature (count), redefined one (top: max -> min), reordered; a window resized; the tumbling group
        // gained a feature and moved
        EntityStateCodec after = new EntityStateCodec(List.of(COUNT, maxNowMin, SUM),
                List.of(tumblingGained, slidingResized));

        EntityState read = after.decode(before.encode(state));

        assertThat(read.entity().results()).containsExactly(0L, null, 30L);
        assertThat(read.latest()).isEqualTo(10 * HOUR + MINUTE);
        assertThat(read.slices(0).get(10 * HOUR).results()).containsExactly(0L, "5411", 30L);
        assertThat(read.slices(1).size()).isZero();
        // and what it writes now reads back under the new definition
        assertThat(after.decode(after.encode(read)).slices(0).get(10 * HOUR).results())
                .containsExactly(0L, "5411", 30L);
    }

    @Test
    void shouldReadBackEntriesLongerThanOneLengthByte() {
        EntityStateCodec codec = new EntityStateCodec(List.of(DISTINCT), List.of(TUMBLING));
        EntityState state = codec.empty();
        for (int i = 0; i < 300; i++) {
            state.entity().add(10 * HOUR + i, List.of("merchant-code-" + i));
            state.slices(0).getOrCreate(10 * HOUR, TUMBLING.features()).add(10 * HOUR + i,
                    Arrays.asList((long) i, "merchant-code-" + i));
        }

        EntityState read = codec.decode(codec.encode(state));

        assertThat(read.entity().results()).containsExactly(300L);
        assertThat(read.slices(0).get(10 * HOUR).results()).containsExactly(44_850L, "merchant-code-299");
    }

    @Test
    void shouldRefuseTruncatedOrUnknownBytesRatherThanMisreadThem() {
        EntityStateCodec codec = new EntityStateCodec(UNWINDOWED, GROUPS);
        EntityState state = codec.empty();
        add(state, 10 * HOUR, 0);
        add(state, 10 * HOUR + MINUTE, 1);
        byte[] bytes = codec.encode(state);
        byte[] unknownVersion = bytes.clone();
        unknownVersion[0] = 2;
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

        for (int length : new int[] {1, 17, 40, bytes.length / 2, bytes.length - 1}) {
            assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, length)))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot decode entity state");
        }
        assertThatThrownBy(() -> codec.decode(unknownVersion))
                .isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("unknown entity state version 2");
        assertThatThrownBy(() -> codec.decode(longer))
                .isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("1 bytes left after the entity state");
    }

    /**
     * Adds event {@code e} at time {@code t} as the processor does: to the entity and to its slice in every group.
     * Amounts 10, 20, 30 ... by {@code e}, merchant codes 5999 then 5411.
     */
    private static void add(EntityState state, long t, int e) {
        state.entity().add(t, values(state.entity().features(), e));
        List<WindowGroup> groups = state.groups();
        for (int g = 0; g < groups.size(); g++) {
            WindowGroup group = groups.get(g);
            state.slices(g).getOrCreate(group.sliceStart(t), group.features()).add(t, values(group.features(), e));
        }
    }

    private static List<Object> values(List<FeatureDef> features, int e) {
        List<Object> values = new ArrayList<>();
        for (FeatureDef feature : features) {
            values.add(switch (feature.name()) {
                case "total", "top" -> 10L * (e + 1);
                case "mean" -> (double) e + 1.5;
                case "latest_mcc", "mccs" -> e == 0 ? "5999" : "5411";
                default -> null;
            });
        }
        return values;
    }

    private static List<Long> starts(Slices slices) {
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            starts.add(slices.start(i));
        }
        return starts;
    }

    private static FeatureDef feature(String name, Aggregation aggregation, ValueType input, ValueType output) {
        Optional<String> field = input == null ? Optional.empty() : Optional.of(name + "_field");
        return new FeatureDef(new FeatureSpec(name, aggregation, field, Optional.empty()), Optional.ofNullable(input),
                output);
    }
}
