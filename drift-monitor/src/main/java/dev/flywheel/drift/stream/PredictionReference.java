package dev.flywheel.drift.stream;

import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.schemas.events.FeatureProfile;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorWindow;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The reference of a prediction-drift monitor when no dataset profiles the predictions (the dataset builder
 * profiles features only; see {@link #profiled(DatasetSnapshot)} for one that does): the reference is frozen
 * from the champion's own first predictions. After the monitor starts, and again
 * after each promotion of the champion, the first {@link #size(MonitorSpec)} predictions are kept in the
 * store ({@code refvalue:<n>}, one key each, so a prediction costs one put); when the last arrives they become a
 * {@code FeatureProfile} exactly as the dataset builder makes one (10 quantile bins, or category counts when a
 * value is text), wrapped in a synthetic {@code DatasetSnapshot} with id {@code predictions:<monitor>:<model>:v<n>}
 * ({@code :start} before any promotion), and from then on the monitor is a one-feature data monitor.
 */
final class PredictionReference {

    /** Fewest predictions in a reference. */
    static final int MIN_SIZE = 1000;
    /** Bins of a numeric reference (the dataset builder's). */
    static final int BINS = 10;

    private static final String VALUE = "refvalue:";
    private static final String COUNT = "refcount";

    private final String ref;
    private final int size;

    /**
     * @param view the name before the colon of the profile's feature (the predictions topic)
     * @param field the prediction field
     * @param size predictions in the reference
     */
    PredictionReference(String view, String field, int size) {
        this.ref = view + ":" + field;
        this.size = size;
    }

    /** The reference size of a monitor: its count window's size, at least {@link #MIN_SIZE}. */
    static int size(MonitorSpec monitor) {
        return monitor.window() instanceof MonitorWindow.Count count
                ? (int) Math.max(MIN_SIZE, Math.min(count.size(), 1_000_000)) : MIN_SIZE;
    }

    int size() {
        return size;
    }

    /**
     * Returns a snapshot's profile of the predictions, alone in a copy of the snapshot, when it has one: a
     * dataset whose profiles include {@code <predictions topic>:<field>} (scored data, such as a trainer's
     * validation predictions) is a reference without waiting for the stream.
     *
     * @param snapshot a snapshot from {@code flywheel.datasets}
     * @return the snapshot with that one profile; empty when it does not profile the predictions
     */
    Optional<DatasetSnapshot> profiled(DatasetSnapshot snapshot) {
        return snapshot.getProfiles().stream().filter(profile -> profile.getFeature().equals(ref)).findFirst()
                .map(profile -> DatasetSnapshot.newBuilder(snapshot).setProfiles(List.of(profile))
                        .setFeatureRefs(List.of(ref)).build());
    }

    /** Returns how many predictions are kept so far. */
    long collected(KeyValueStore<String, byte[]> store) {
        byte[] bytes = store.get(COUNT);
        return bytes == null ? 0 : ByteBuffer.wrap(bytes).getLong();
    }

    /**
     * Keeps one prediction.
     *
     * @return true when it was the last the reference needs
     */
    boolean add(KeyValueStore<String, byte[]> store, Object value) {
        long n = collected(store);
        byte[] bytes = value instanceof Double number ? ByteBuffer.allocate(9).put((byte) 0).putDouble(number).array()
                : ("\u0001" + value).getBytes(StandardCharsets.UTF_8);
        store.put(VALUE + n, bytes);
        store.put(COUNT, ByteBuffer.allocate(Long.BYTES).putLong(n + 1).array());
        return n + 1 >= size;
    }

    /** Forgets the predictions kept so far. */
    void clear(KeyValueStore<String, byte[]> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> values = store.prefixScan(VALUE, Serdes.String().serializer())) {
            values.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(store::delete);
        store.delete(COUNT);
    }

    /**
     * Freezes the kept predictions into a snapshot and forgets them.
     *
     * @param datasetId the snapshot's id
     * @param now the snapshot's time
     * @return the snapshot with one profile
     */
    DatasetSnapshot freeze(KeyValueStore<String, byte[]> store, String datasetId, Instant now) {
        List<Double> numbers = new ArrayList<>();
        Map<String, Long> categories = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> values = store.prefixScan(VALUE, Serdes.String().serializer())) {
            while (values.hasNext()) {
                byte[] bytes = values.next().value;
                if (bytes[0] == 0) {
                    numbers.add(ByteBuffer.wrap(bytes, 1, 8).getDouble());
                } else {
                    categories.merge(new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8), 1L, Long::sum);
                }
            }
        }
        clear(store);
        FeatureProfile profile = categories.isEmpty() ? numeric(numbers) : categorical(numbers, categories);
        return DatasetSnapshot.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(("reference|" + datasetId).getBytes(StandardCharsets.UTF_8)).toString())
                .setOccurredAt(now).setDatasetId(datasetId).setUri("predictions:" + ref).setManifestUri("")
                .setRowCount(profile.getCount()).setFeatureRefs(List.of(ref)).setProfiles(List.of(profile)).build();
    }

    /** The dataset builder's numeric profile: edges at the deciles (distinct), then the counts per bin. */
    private FeatureProfile numeric(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        List<Double> edges = new ArrayList<>();
        for (int i = 1; i < BINS && n > 0; i++) {
            double edge = sorted[Math.min(n - 1, (int) Math.floor((double) i * n / BINS))];
            if (edges.isEmpty() || edges.get(edges.size() - 1) < edge) {
                edges.add(edge);
            }
        }
        double[] edgeArray = edges.stream().mapToDouble(Double::doubleValue).toArray();
        long[] bins = new long[edgeArray.length + 1];
        double sum = 0;
        double squares = 0;
        for (double x : sorted) {
            int at = Arrays.binarySearch(edgeArray, x);
            bins[at >= 0 ? at + 1 : -at - 1]++;
            sum += x;
            squares += x * x;
        }
        double mean = n == 0 ? 0 : sum / n;
        return FeatureProfile.newBuilder().setFeature(ref).setKind(FeatureKind.NUMERIC).setCount(n).setBinEdges(edges)
                .setBinCounts(Arrays.stream(bins).boxed().toList()).setMean(mean)
                .setStd(Math.sqrt(Math.max(0, n == 0 ? 0 : squares / n - mean * mean)))
                .setMin(n == 0 ? null : sorted[0]).setMax(n == 0 ? null : sorted[n - 1]).build();
    }

    /** Text predictions (class names): category counts; numbers among them count as their text. */
    private FeatureProfile categorical(List<Double> numbers, Map<String, Long> categories) {
        for (double number : numbers) {
            categories.merge(number == Math.rint(number) ? String.valueOf((long) number) : String.valueOf(number), 1L,
                    Long::sum);
        }
        return FeatureProfile.newBuilder().setFeature(ref).setKind(FeatureKind.CATEGORICAL)
                .setCount(categories.values().stream().mapToLong(Long::longValue).sum()).setCategoryCounts(categories)
                .build();
    }
}
