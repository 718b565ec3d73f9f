package dev.flywheel.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The columnar join the builder runs ({@link ViewJoiner}: the in-memory probe table, and the grace-partitioned path
 * with spilled partitions and merged answer runs) against the same brute-force reference as
 * {@link PointInTimeJoinPropertyTest}, and against the row-wise sort-merge join: several ttls (0 = no lower bound,
 * ttls landing exactly on event times), ties of event time and created, entities with no feature rows, probes of
 * equal times, rows in random (arrival) order, every value kind and nulls.
 */
class ColumnarJoinPropertyTest {

    private static final long[] TTLS = {0, 1, 5, 17};
    private static final ValueKind[] KINDS = {ValueKind.INT, ValueKind.STRING, ValueKind.DOUBLE, ValueKind.BOOLEAN,
        ValueKind.LONG, ValueKind.FLOAT};

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void shouldMatchTheBruteForceReferenceOnRandomData(long seed) throws Exception {
        Random random = new Random(seed);
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
                        Arrays.asList(s, random.nextBoolean() ? "v" + s : null, random.nextGaussian(),
                                random.nextBoolean(), random.nextBoolean() ? null : (long) s << 33, (float) s / 3)));
            }
            Collections.shuffle(rows, random); // arrival order is not event order
            List<FeatureRow> arrival = new ArrayList<>();
            for (int s = 0; s < rows.size(); s++) { // input position = arrival order
                FeatureRow r = rows.get(s);
                arrival.add(new FeatureRow(r.key(), r.eventTime(), r.created(), s, r.values()));
            }
            List<JoinedValues> expected = bruteForce(probes, arrival, ttl);

            for (int partitions : new int[] {1, 2, 7}) {
                assertThat(join(probes, arrival, ttl, partitions)).as("seed %d ttl %d partitions %d", seed, ttl, partitions)
                        .isEqualTo(expected);
            }
            assertThat(sortMerge(probes, arrival, ttl)).as("row-wise join, seed %d ttl %d", seed, ttl).isEqualTo(expected);
        }
        try (Stream<Path> left = Files.walk(tmp)) {
            assertThat(left.filter(Files::isRegularFile)).as("spill files left").isEmpty();
        }
    }

    @ParameterizedTest(name = "ttl {0}")
    @ValueSource(longs = {0, 10})
    void shouldIncludeBothEndsOfTheTtlWindowAndNeverTheFuture(long ttl) throws Exception {
        List<EntityProbe> probes = List.of(new EntityProbe("a", 100, 0), new EntityProbe("a", 89, 1),
                new EntityProbe("a", 90, 2), new EntityProbe("b", 100, 3), new EntityProbe("a", 90, 4));
        List<FeatureRow> rows = List.of(row("a", 90, 0, 0, "at-90"), row("a", 101, 0, 1, "future"),
                row("a", 90, 7, 2, "created-7"), row("a", 90, 3, 3, "created-3"), row("a", 90, 7, 4, "created-7-later"));

        for (int partitions : new int[] {1, 3}) {
            List<JoinedValues> actual = join(probes, rows, ttl, partitions);

            assertThat(actual.get(0).values().get(1)).isEqualTo("created-7-later"); // t - ttl = 90 inclusive; ties
            assertThat(actual.get(1).values()).isNull();                           // only rows after t = 89
            assertThat(actual.get(2).values().get(1)).isEqualTo("created-7-later"); // event time == t: inclusive
            assertThat(actual.get(3).values()).isNull();                           // no rows for the entity
            assertThat(actual.get(4).values().get(1)).isEqualTo("created-7-later"); // probes of equal time
        }
    }

    private static FeatureRow row(String key, long time, long created, long sequence, String value) {
        return new FeatureRow(key, time, created, sequence, Arrays.asList(null, value, null, null, null, null));
    }

    private List<JoinedValues> join(List<EntityProbe> probes, List<FeatureRow> rows, long ttl, int partitions)
            throws Exception {
        KeyDictionary keys = new KeyDictionary();
        List<JoinedValues> out = new ArrayList<>();
        try (ViewJoiner joiner = new ViewJoiner(ttl, partitions, Files.createTempDirectory(tmp, "join"))) {
            for (EntityProbe probe : probes) {
                joiner.addProbe(keys.add(probe.key()), probe.timestamp());
            }
            joiner.startRows(KINDS);
            RowValues row = new RowValues(KINDS);
            for (FeatureRow feature : rows) {
                row.key = keys.id(feature.key());
                row.eventTime = feature.eventTime();
                row.created = feature.created();
                for (int f = 0; f < KINDS.length; f++) {
                    row.set(f, feature.values().get(f));
                }
                joiner.offer(row);
            }
            ViewJoiner.Answers answers = joiner.finish();
            RowValues answer = new RowValues(KINDS);
            for (EntityProbe probe : probes) {
                answers.next(answer);
                List<Object> values = new ArrayList<>();
                boolean matched = false;
                for (int f = 0; f < KINDS.length; f++) {
                    values.add(answer.get(f));
                    matched |= !answer.nulls[f];
                }
                out.add(new JoinedValues(probe.index(), matched ? values : null));
            }
        }
        return out;
    }

    private List<JoinedValues> sortMerge(List<EntityProbe> probes, List<FeatureRow> rows, long ttl) {
        ExternalSorter<EntityProbe> probeSorter = new ExternalSorter<>(EntityProbe.ORDER, EntityProbe.CODEC, 5, tmp);
        ExternalSorter<FeatureRow> rowSorter = new ExternalSorter<>(FeatureRow.ORDER, FeatureRow.CODEC, 5, tmp);
        probes.forEach(probeSorter::add);
        rows.forEach(rowSorter::add);
        List<JoinedValues> out = new ArrayList<>();
        try (CloseableIterator<JoinedValues> answers = ViewJoin.run(probeSorter, rowSorter, ttl, 5, tmp)) {
            answers.forEachRemaining(a -> out.add(new JoinedValues(a.index(), a.values() == null ? null
                    : normalised(a.values()))));
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
            answers.add(new JoinedValues(probe.index(), best == null ? null : normalised(best.values())));
        }
        return answers;
    }

    /** Values as the columnar join hands them back (a FLOAT stays a Float, an INT an Integer). */
    private static List<Object> normalised(List<Object> values) {
        RowValues row = new RowValues(KINDS);
        List<Object> out = new ArrayList<>();
        for (int f = 0; f < KINDS.length; f++) {
            row.set(f, values.get(f));
            out.add(row.get(f));
        }
        return out;
    }
}
