package dev.flywheel.features.dataset;

import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.schemas.events.FeatureProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The reference profile of one feature, frozen from a dataset. Numeric: count, nulls, mean, std, min, max and bin
 * edges at the deciles of the values, from a reservoir sample of at most {@code sampleSize} values (seeded, so the
 * same data gives the same edges); the edges are then frozen and every value is counted into one of
 * {@code edges + 1} bins: underflow {@code < edges[0]}, {@code [edges[i], edges[i+1])}, overflow {@code >= last}.
 * Categorical (text, booleans): the count of every category; values absent from it fall in the drift monitor's
 * "unseen" bucket. Two passes over the values for numerics: {@link #observe} then {@link #freeze} then {@link #bin}.
 */
final class ProfileAccumulator {

    private static final int BINS = 10;

    private final String feature;
    private final boolean numeric;
    private final int sampleSize;
    private final Random random;
    private final double[] sample;
    private final Map<String, Long> categories = new TreeMap<>();
    private long count;
    private long nulls;
    private double sum;
    private double sumOfSquares;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double[] edges;
    private long[] bins;

    ProfileAccumulator(String feature, boolean numeric, int sampleSize, long seed) {
        this.feature = feature;
        this.numeric = numeric;
        this.sampleSize = sampleSize;
        this.random = new Random(seed);
        this.sample = numeric ? new double[sampleSize] : new double[0];
    }

    /** First pass: one value (null allowed). */
    void observe(Object value) {
        if (value == null) {
            observeNull();
        } else if (!numeric) {
            observeCategory(value.toString());
        } else {
            observeNumber(((Number) value).doubleValue());
        }
    }

    boolean numeric() {
        return numeric;
    }

    /** First pass: a null. */
    void observeNull() {
        nulls++;
    }

    /** First pass: a categorical value (a numeric feature takes none). */
    void observeCategory(String value) {
        count++;
        categories.merge(value, 1L, Long::sum);
    }

    /** First pass: a numeric value. */
    void observeNumber(double x) {
        count++;
        sum += x;
        sumOfSquares += x * x;
        min = Math.min(min, x);
        max = Math.max(max, x);
        if (count <= sampleSize) {
            sample[(int) count - 1] = x;
        } else {
            long slot = (long) (random.nextDouble() * count);
            if (slot < sampleSize) {
                sample[(int) slot] = x;
            }
        }
    }

    /** Freezes the bin edges from the sample. */
    void freeze() {
        if (!numeric) {
            return;
        }
        int n = (int) Math.min(count, sampleSize);
        double[] sorted = Arrays.copyOf(sample, n);
        Arrays.sort(sorted);
        List<Double> distinct = new ArrayList<>();
        for (int i = 1; i < BINS && n > 0; i++) {
            double edge = sorted[Math.min(n - 1, (int) Math.floor((double) i * n / BINS))];
            if (distinct.isEmpty() || distinct.get(distinct.size() - 1) < edge) {
                distinct.add(edge);
            }
        }
        edges = distinct.stream().mapToDouble(Double::doubleValue).toArray();
        bins = new long[edges.length + 1];
    }

    /** Second pass: counts a value into its frozen bin. */
    void bin(Object value) {
        if (!numeric || value == null) {
            return;
        }
        bin(((Number) value).doubleValue());
    }

    /** Second pass: counts a numeric value into its frozen bin. */
    void bin(double x) {
        int at = Arrays.binarySearch(edges, x);
        bins[at >= 0 ? at + 1 : -at - 1]++;
    }

    /** Second pass: counts {@code times} equal numeric values into their frozen bin. */
    void bin(double x, long times) {
        int at = Arrays.binarySearch(edges, x);
        bins[at >= 0 ? at + 1 : -at - 1] += times;
    }

    FeatureProfile profile() {
        FeatureProfile.Builder profile = FeatureProfile.newBuilder().setFeature(feature).setCount(count).setNullCount(nulls)
                .setKind(numeric ? FeatureKind.NUMERIC : FeatureKind.CATEGORICAL);
        if (!numeric) {
            return profile.setCategoryCounts(new TreeMap<>(categories)).build();
        }
        List<Double> edgeList = Arrays.stream(edges).boxed().toList();
        List<Long> binList = Arrays.stream(bins).boxed().toList();
        double mean = count == 0 ? 0 : sum / count;
        double variance = count == 0 ? 0 : Math.max(0, sumOfSquares / count - mean * mean);
        return profile.setBinEdges(edgeList).setBinCounts(binList).setMean(count == 0 ? null : mean)
                .setStd(count == 0 ? null : Math.sqrt(variance)).setMin(count == 0 ? null : min)
                .setMax(count == 0 ? null : max).build();
    }
}
