package dev.flywheel.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming join against a brute-force reference on randomized data: several views with different ttls (0 =
 * no lower bound, ttls that land exactly on event times), ties of event time and of created, entities with no
 * feature rows, and inputs in random (arrival) order spilled through many small sort runs.
 */
class PointInTimeJoinPropertyTest {

    private static final long[] TTLS = {0, 1, 5, 17};

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void shouldMatchTheBruteForceReferenceOnRandomData(long seed) {
        Random random = new Random(seed);
        // given: entity rows over keys k0..k7 (k6, k7 never have features), times in a narrow range so ties abound
        List<EntityProbe> probes = new ArrayList<>();
        int entityRows = 50 + random.nextInt(200);
        for (int i = 0; i < entityRows; i++) {
            probes.add(new EntityProbe("k" + random.nextInt(8), random.nextInt(40), i));
        }
        for (long ttl : TTLS) {
            List<FeatureRow> rows = new ArrayList<>();
            int featureRows = random.nextInt(300);
            for (int s = 0; s < featureRows; s++) {
                rows.add(new FeatureRow("k" + random.nextInt(6), random.nextInt(45), random.nextInt(3), s,
                        List.of(s, random.nextBoolean() ? "v" + s : "x")));
            }
            Collections.shuffle(rows, random); // arrival order is not event order

            // when
            List<JoinedValues> actual = join(probes, rows, ttl, 3 + random.nextInt(40));

            // then
            assertThat(actual).as("seed %d ttl %d", seed, ttl).isEqualTo(bruteForce(probes, rows, ttl));
        }
    }

    @ParameterizedTest(name = "ttl {0}")
    @ValueSource(longs = {0, 10})
    void shouldIncludeBothEndsOfTheTtlWindowAndNeverTheFuture(long ttl) {
        List<EntityProbe> probes = List.of(new EntityProbe("a", 100, 0), new EntityProbe("a", 89, 1),
                new EntityProbe("a", 90, 2), new EntityProbe("b", 100, 3));
        List<FeatureRow> rows = List.of(new FeatureRow("a", 90, 0, 0, List.of("at-90")),
                new FeatureRow("a", 101, 0, 1, List.of("future")), new FeatureRow("a", 90, 7, 2, List.of("created-7")),
                new FeatureRow("a", 90, 3, 3, List.of("created-3")));

        List<JoinedValues> actual = join(probes, rows, ttl, 2);

        assertThat(actual.get(0).values()).containsExactly("created-7"); // t - ttl = 90: inclusive; tie by created
        assertThat(actual.get(1).values()).isNull();                     // only rows after t = 89
        assertThat(actual.get(2).values()).containsExactly("created-7"); // event time == t: inclusive
        assertThat(actual.get(3).values()).isNull();                     // no rows for the entity
    }

    private List<JoinedValues> join(List<EntityProbe> probes, List<FeatureRow> rows, long ttl, int chunk) {
        ExternalSorter<EntityProbe> probeSorter = new ExternalSorter<>(EntityProbe.ORDER, EntityProbe.CODEC, chunk, tmp);
        ExternalSorter<FeatureRow> rowSorter = new ExternalSorter<>(FeatureRow.ORDER, FeatureRow.CODEC, chunk, tmp);
        probes.forEach(probeSorter::add);
        rows.forEach(rowSorter::add);
        List<JoinedValues> out = new ArrayList<>();
        try (CloseableIterator<JoinedValues> answers = ViewJoin.run(probeSorter, rowSorter, ttl, chunk, tmp)) {
            answers.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<JoinedValues> bruteForce(List<EntityProbe> probes, List<FeatureRow> rows, long ttl) {
        Comparator<FeatureRow> latest = Comparator.comparingLong(FeatureRow::eventTime)
                .thenComparingLong(FeatureRow::created).thenComparingLong(FeatureRow::sequence);
        List<JoinedValues> answers = new ArrayList<>();
        for (EntityProbe probe : probes) {
            FeatureRow best = null;
            for (FeatureRow row : rows) {
                boolean inWindow = row.eventTime() <= probe.timestamp()
                        && (ttl == 0 || row.eventTime() >= probe.timestamp() - ttl);
                if (row.key().equals(probe.key()) && inWindow && (best == null || latest.compare(row, best) > 0)) {
                    best = row;
                }
            }
            answers.add(new JoinedValues(probe.index(), best == null ? null : best.values()));
        }
        return answers;
    }
}
