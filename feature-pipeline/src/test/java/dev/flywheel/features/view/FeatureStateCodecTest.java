package dev.flywheel.features.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeatureStateCodecTest {

    private static final FeatureDef COUNT = feature("n", Aggregation.COUNT, null, ValueType.LONG);
    private static final FeatureDef SUM = feature("total", Aggregation.SUM, ValueType.LONG, ValueType.LONG);
    private static final FeatureDef AVG = feature("mean", Aggregation.AVG, ValueType.DOUBLE, ValueType.DOUBLE);
    private static final FeatureDef MAX = feature("top", Aggregation.MAX, ValueType.LONG, ValueType.LONG);
    private static final FeatureDef LAST = feature("latest_mcc", Aggregation.LAST, ValueType.STRING, ValueType.STRING);
    private static final FeatureDef DISTINCT = feature("mccs", Aggregation.DISTINCT_COUNT, ValueType.STRING,
            ValueType.LONG);
    private static final List<FeatureDef> ALL = List.of(COUNT, SUM, AVG, MAX, LAST, DISTINCT);

    @Test
    void writesTheSameBytesAsTheStoredFormatAlwaysHad() throws IOException {
        FeatureState state = sample(ALL);

        assertThat(new FeatureStateCodec(ALL).encode(state)).isEqualTo(referenceEncoding(state, ALL));
    }

    @Test
    void readsBackEveryAggregationWithItsTimes() {
        FeatureStateCodec codec = new FeatureStateCodec(ALL);
        FeatureState state = sample(ALL);

        FeatureState read = codec.decode(codec.encode(state));

        assertThat(read.results()).isEqualTo(state.results()).containsExactly(3L, 60L, 2.5, 30L, "5411", 2L);
        assertThat(read.latest()).isEqualTo(3_000L);
        assertThat(read.created()).isEqualTo(state.created()).isEqualTo(9_000L);
    }

    @Test
    void aViewThatGainedAFeatureKeepsTheOthersAndStartsTheNewOneEmpty() {
        List<FeatureDef> before = List.of(SUM, MAX);
        List<FeatureDef> after = List.of(COUNT, MAX, SUM);

        FeatureState read = new FeatureStateCodec(after).decode(new FeatureStateCodec(before).encode(sample(before)));

        assertThat(read.results()).containsExactly(0L, 30L, 60L);
    }

    @Test
    void entriesOfFeaturesNoLongerInTheViewAreSkipped() {
        List<FeatureDef> after = List.of(LAST);

        FeatureState read = new FeatureStateCodec(after).decode(new FeatureStateCodec(ALL).encode(sample(ALL)));

        assertThat(read.results()).containsExactly("5411");
        assertThat(read.latest()).isEqualTo(3_000L);
    }

    @Test
    void aFeatureWhoseDefinitionChangedStartsAfresh() {
        FeatureDef maxNowMin = feature("top", Aggregation.MIN, ValueType.LONG, ValueType.LONG);

        FeatureState read = new FeatureStateCodec(List.of(maxNowMin))
                .decode(new FeatureStateCodec(List.of(MAX)).encode(sample(List.of(MAX))));

        assertThat(read.results()).containsExactly((Object) null);
    }

    @Test
    void readsVersionOneStatesWhichHadNoCreatedTime() throws IOException {
        FeatureState state = sample(List.of(SUM));
        byte[] v2 = referenceEncoding(state, List.of(SUM));
        byte[] v1 = new byte[v2.length - Long.BYTES];
        v1[0] = 1;
        System.arraycopy(v2, 1, v1, 1, Long.BYTES);
        System.arraycopy(v2, 1 + 2 * Long.BYTES, v1, 1 + Long.BYTES, v2.length - 1 - 2 * Long.BYTES);

        FeatureState read = new FeatureStateCodec(List.of(SUM)).decode(v1);

        assertThat(read.results()).containsExactly(60L);
        assertThat(read.created()).isEqualTo(Long.MIN_VALUE);
        assertThat(read.nextCreated(5L)).isEqualTo(5L);
    }

    @Test
    void truncatedOrUnknownBytesAreRefusedNotMisread() {
        FeatureStateCodec codec = new FeatureStateCodec(ALL);
        byte[] bytes = codec.encode(sample(ALL));
        byte[] unknownVersion = bytes.clone();
        unknownVersion[0] = 9;

        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot decode feature state");
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, 40)))
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> codec.decode(unknownVersion))
                .isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("unknown feature state version 9");
    }

    /** Three events: amounts 10, 20, 30 at 1 s, 2 s, 3 s; merchant codes 5999, 5411, 5411; created at 9 s. */
    private static FeatureState sample(List<FeatureDef> features) {
        FeatureState state = new FeatureState(features);
        long[] times = {1_000L, 2_000L, 3_000L};
        long[] amounts = {10L, 20L, 30L};
        String[] codes = {"5999", "5411", "5411"};
        for (int e = 0; e < times.length; e++) {
            List<Object> values = new ArrayList<>();
            for (FeatureDef feature : features) {
                values.add(switch (feature.name()) {
                    case "total", "top" -> amounts[e];
                    case "mean" -> (double) e + 1.5;
                    case "latest_mcc", "mccs" -> codes[e];
                    default -> null;
                });
            }
            state.add(times[e], values);
        }
        state.nextCreated(9_000L);
        return state;
    }

    /** The encoding as it was first written: writeUTF of each identity, and each entry through its own stream. */
    private static byte[] referenceEncoding(FeatureState state, List<FeatureDef> features) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(2);
            out.writeLong(state.latest());
            out.writeLong(state.created());
            out.writeInt(features.size());
            for (int i = 0; i < features.size(); i++) {
                ByteArrayOutputStream one = new ByteArrayOutputStream();
                try (DataOutputStream entry = new DataOutputStream(one)) {
                    state.accumulator(i).write(entry);
                }
                FeatureDef feature = features.get(i);
                out.writeUTF(feature.name() + "|" + feature.aggregation() + "|" + feature.field().orElse("") + "|"
                        + feature.outputType());
                out.writeInt(one.size());
                one.writeTo(out);
            }
        }
        return buffer.toByteArray();
    }

    private static FeatureDef feature(String name, Aggregation aggregation, ValueType input, ValueType output) {
        Optional<String> field = input == null ? Optional.empty() : Optional.of(name + "_field");
        return new FeatureDef(new FeatureSpec(name, aggregation, field, Optional.empty()), Optional.ofNullable(input),
                output);
    }
}
