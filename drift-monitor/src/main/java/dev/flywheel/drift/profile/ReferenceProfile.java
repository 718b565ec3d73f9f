package dev.flywheel.drift.profile;

import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.schemas.events.FeatureProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The frozen reference of one feature: its bins and the reference count in each, so that a window is a
 * vector of counts over the same bins.
 *
 * <p>Numeric: {@code n} ascending edges give {@code n + 1} bins, underflow {@code (-inf, e0)}, then
 * {@code [e_i, e_i+1)}, and overflow {@code [e_n-1, +inf)}, exactly as {@link FeatureProfile} lays them out.
 * Categorical: one bin per reference category in sorted order, then an {@code <unseen>} bin (reference
 * count 0) for every value the reference never saw. Immutable.
 */
public final class ReferenceProfile {

    /** Label of the bin of categories absent from the reference. */
    public static final String UNSEEN = "<unseen>";

    private final String feature;
    private final FeatureKind kind;
    private final double[] edges;
    private final Map<String, Integer> categories;
    private final List<String> labels;
    private final long[] counts;
    private final long total;
    private final double mean;
    private final double std;
    private final double min;
    private final double max;

    private ReferenceProfile(String feature, FeatureKind kind, double[] edges, Map<String, Integer> categories,
                             List<String> labels, long[] counts, double mean, double std, double min, double max) {
        this.feature = feature;
        this.kind = kind;
        this.edges = edges;
        this.categories = categories;
        this.labels = List.copyOf(labels);
        this.counts = counts;
        this.total = Arrays.stream(counts).sum();
        this.mean = mean;
        this.std = std;
        this.min = min;
        this.max = max;
    }

    /**
     * Reads a profile from its Avro record.
     *
     * @param profile the profile frozen by the dataset builder
     * @return the reference
     * @throws IllegalArgumentException when the profile is inconsistent (unsorted edges, wrong number of counts)
     */
    public static ReferenceProfile of(FeatureProfile profile) {
        Objects.requireNonNull(profile, "profile");
        if (profile.getKind() == FeatureKind.CATEGORICAL) {
            return categorical(profile.getFeature(), new TreeMap<>(profile.getCategoryCounts()));
        }
        double[] edges = profile.getBinEdges().stream().mapToDouble(Double::doubleValue).toArray();
        long[] counts = profile.getBinCounts().stream().mapToLong(Long::longValue).toArray();
        return numeric(profile.getFeature(), edges, counts, orNaN(profile.getMean()), orNaN(profile.getStd()),
                orNaN(profile.getMin()), orNaN(profile.getMax()));
    }

    /**
     * A numeric reference.
     *
     * @param feature the feature, as {@code view:feature}
     * @param edges ascending bin edges (at least one)
     * @param counts reference count per bin, {@code edges.length + 1} entries
     * @param mean reference mean
     * @param std reference standard deviation
     * @param min smallest reference value (NaN when unknown: the first edge is used)
     * @param max largest reference value (NaN when unknown: the last edge is used)
     * @return the reference
     */
    public static ReferenceProfile numeric(String feature, double[] edges, long[] counts, double mean, double std,
                                           double min, double max) {
        if (edges.length == 0 || counts.length != edges.length + 1) {
            throw new IllegalArgumentException(feature + ": " + edges.length + " bin edges need " + (edges.length + 1)
                    + " bin counts, got " + counts.length);
        }
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException(feature + ": bin edges must be strictly ascending, got "
                        + Arrays.toString(edges));
            }
        }
        List<String> labels = new ArrayList<>();
        labels.add("(-inf, " + edges[0] + ")");
        for (int i = 0; i + 1 < edges.length; i++) {
            labels.add("[" + edges[i] + ", " + edges[i + 1] + ")");
        }
        labels.add("[" + edges[edges.length - 1] + ", +inf)");
        return new ReferenceProfile(feature, FeatureKind.NUMERIC, edges.clone(), Map.of(), labels, counts.clone(),
                mean, std, Double.isNaN(min) ? edges[0] : Math.min(min, edges[0]),
                Double.isNaN(max) ? edges[edges.length - 1] : Math.max(max, edges[edges.length - 1]));
    }

    /**
     * A categorical reference.
     *
     * @param feature the feature, as {@code view:feature}
     * @param categoryCounts reference count per category
     * @return the reference, with the categories sorted and an unseen bin last
     */
    public static ReferenceProfile categorical(String feature, Map<String, Long> categoryCounts) {
        TreeMap<String, Long> sorted = new TreeMap<>(categoryCounts);
        Map<String, Integer> index = new HashMap<>();
        List<String> labels = new ArrayList<>(sorted.keySet());
        long[] counts = new long[sorted.size() + 1];
        int i = 0;
        for (Map.Entry<String, Long> category : sorted.entrySet()) {
            index.put(category.getKey(), i);
            counts[i++] = category.getValue();
        }
        labels.add(UNSEEN);
        return new ReferenceProfile(feature, FeatureKind.CATEGORICAL, new double[0], Map.copyOf(index), labels, counts,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    /**
     * Returns the bin of a numeric value: the number of edges at or below it.
     *
     * @param value a finite value
     * @return the bin index, 0 (underflow) to {@code edges.length} (overflow)
     */
    public int binOf(double value) {
        int found = Arrays.binarySearch(edges, value);
        // An exact edge starts its bin ([e_i, e_i+1)); otherwise the insertion point counts the edges below.
        return found >= 0 ? found + 1 : -found - 1;
    }

    /**
     * Returns the bin of a categorical value.
     *
     * @param value the category
     * @return its bin, or the unseen bin for a category the reference never saw
     */
    public int binOf(String value) {
        return categories.getOrDefault(value, counts.length - 1);
    }

    /** Returns the feature, as {@code view:feature}. */
    public String feature() {
        return feature;
    }

    /** Returns whether the feature is numeric or categorical. */
    public FeatureKind kind() {
        return kind;
    }

    /** Returns the number of bins. */
    public int bins() {
        return counts.length;
    }

    /** Returns the reference count of a bin. */
    public long count(int bin) {
        return counts[bin];
    }

    /** Returns a copy of the reference counts. */
    public long[] counts() {
        return counts.clone();
    }

    /** Returns the number of reference values. */
    public long total() {
        return total;
    }

    /** Returns a bin's human label, as in {@code BinContribution.bin}. */
    public String label(int bin) {
        return labels.get(bin);
    }

    /** Returns the inclusive lower edge of a numeric bin, NaN for the underflow bin and for categories. */
    public double lower(int bin) {
        return kind == FeatureKind.NUMERIC && bin > 0 ? edges[bin - 1] : Double.NaN;
    }

    /** Returns the exclusive upper edge of a numeric bin, NaN for the overflow bin and for categories. */
    public double upper(int bin) {
        return kind == FeatureKind.NUMERIC && bin < edges.length ? edges[bin] : Double.NaN;
    }

    /** Returns the reference standard deviation (NaN for categoricals or when unknown). */
    public double std() {
        return std;
    }

    /** Returns the reference mean (NaN for categoricals or when unknown). */
    public double mean() {
        return mean;
    }

    /** Returns the smallest reference value, or the first edge when smaller or unknown. */
    public double min() {
        return min;
    }

    /** Returns the largest reference value, or the last edge when larger or unknown. */
    public double max() {
        return max;
    }

    /** Returns a copy of the bin edges (empty for categoricals). */
    public double[] edges() {
        return edges.clone();
    }
}
