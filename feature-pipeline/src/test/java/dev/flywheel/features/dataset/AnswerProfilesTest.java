package dev.flywheel.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.events.FeatureProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Profiles made from a view's in-memory table ({@link AnswerProfiles}, the builder's path with one partition) equal
 * the profiles of the output writer's path (every output row's values observed in row order, then every output
 * value binned) for every value kind, nulls, entity rows without an answer and rows answered many times.
 */
class AnswerProfilesTest {

    private static final ValueKind[] KINDS = {ValueKind.DOUBLE, ValueKind.INT, ValueKind.LONG, ValueKind.FLOAT,
        ValueKind.BOOLEAN, ValueKind.STRING};

    @Test
    void shouldProfileTheAnswersAsTheWriterWouldProfileTheOutputRows() {
        for (int seed = 0; seed < 10; seed++) {
            Random random = new Random(seed);
            int count = 2_000 + random.nextInt(2_000);
            int keys = 50 + random.nextInt(200);
            int[] probeKeys = new int[count];
            long[] probeTimes = new long[count];
            for (int i = 0; i < count; i++) {
                probeKeys[i] = random.nextInt(keys);
                probeTimes[i] = random.nextInt(10_000);
            }
            ProbeTable table = new ProbeTable(probeKeys, probeTimes, count, KINDS, seed % 2 == 0 ? 0 : 3_000);
            RowValues row = new RowValues(KINDS);
            for (int r = 0; r < count * 2; r++) {
                row.key = random.nextInt(keys + 20) % keys;
                row.eventTime = random.nextInt(10_000);
                row.created = row.eventTime;
                for (int f = 0; f < KINDS.length; f++) {
                    boolean isNull = random.nextInt(10) == 0;
                    row.set(f, isNull ? null : switch (KINDS[f]) {
                        case DOUBLE -> random.nextGaussian();
                        case INT -> random.nextInt(50) - 25;
                        case LONG -> (long) random.nextInt(1_000) * 1_000_000_007L;
                        case FLOAT -> (float) random.nextGaussian();
                        case BOOLEAN -> random.nextBoolean();
                        default -> "c" + random.nextInt(7);
                    });
                }
                table.offer(row);
            }
            table.resolve();
            int sampleSize = 1 + random.nextInt(count); // below and above the number of values: the reservoir replaces

            List<FeatureProfile> writerWay = writerWay(table, count, sampleSize);
            ProfileAccumulator[] profiles = accumulators(sampleSize);
            AnswerProfiles.profile(table, count, new int[] {0, 1, 2, 3, 4, 5}, profiles);
            List<FeatureProfile> answerWay = new ArrayList<>();
            for (ProfileAccumulator profile : profiles) {
                answerWay.add(profile.profile());
            }

            assertThat(answerWay).as("seed %d", seed).isEqualTo(writerWay);
            assertThat(answerWay.get(0).getBinCounts().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(answerWay.get(0).getCount()).isGreaterThan(0);
            assertThat(answerWay.get(0).getNullCount()).isGreaterThan(0);
            assertThat(answerWay.get(4).getCategoryCounts()).containsOnlyKeys("true", "false");
        }
    }

    /** The output writer's path: every output row in order, observed, then every output value binned. */
    private static List<FeatureProfile> writerWay(ProbeTable table, int count, int sampleSize) {
        ProfileAccumulator[] profiles = accumulators(sampleSize);
        RowValues answer = new RowValues(KINDS);
        List<Object[]> output = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            table.answer(i, answer);
            Object[] values = new Object[KINDS.length];
            for (int f = 0; f < KINDS.length; f++) {
                Object value = answer.get(f);
                values[f] = value instanceof Boolean b ? b.toString() : value;
                profiles[f].observe(values[f]);
            }
            output.add(values);
        }
        List<FeatureProfile> result = new ArrayList<>();
        for (int f = 0; f < KINDS.length; f++) {
            profiles[f].freeze();
            for (Object[] values : output) {
                profiles[f].bin(values[f]);
            }
            result.add(profiles[f].profile());
        }
        return result;
    }

    private static ProfileAccumulator[] accumulators(int sampleSize) {
        ProfileAccumulator[] profiles = new ProfileAccumulator[KINDS.length];
        for (int f = 0; f < KINDS.length; f++) {
            boolean numeric = KINDS[f] != ValueKind.BOOLEAN && KINDS[f] != ValueKind.STRING;
            profiles[f] = new ProfileAccumulator("v:f" + f, numeric, sampleSize, ("v:f" + f).hashCode());
        }
        return profiles;
    }
}
