package dev.flywheel.registry.versions;

import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.topology.spec.Goal;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.topology.spec.PromotionSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When a challenger replaces the champion: it must report the metric, beat the champion on it in the better
 * direction, and by at least {@code minGain}. A tie never replaces the champion (not even with
 * {@code min_gain: 0}): promoting is a deployment, and an equal model is not worth one. When either version lacks
 * the metric (or it is NaN) nothing is promoted automatically: a person decides. The first version that reports
 * the metric becomes the first champion.
 *
 * @param metric the metric compared
 * @param higherIsBetter whether a higher value is better
 * @param minGain the least improvement, in the metric's units
 */
public record PromotionPolicy(String metric, boolean higherIsBetter, double minGain) {

    /** Absorbs floating-point noise: 0.91 - 0.905 must count as a gain of 0.005. */
    static final double TOLERANCE = 1e-9;

    /** Checks the metric is present. */
    public PromotionPolicy {
        Objects.requireNonNull(metric, "metric");
    }

    /** Returns the automatic policy of a model: none when it has no promotion or promotes only by hand. */
    public static Optional<PromotionPolicy> of(ModelSpec model) {
        return model.promotion().filter(PromotionSpec::auto).map(PromotionPolicy::of);
    }

    /** Returns the policy a promotion spec describes, whether automatic or not (manual promotions report it). */
    public static PromotionPolicy of(PromotionSpec spec) {
        return new PromotionPolicy(spec.metric(), spec.goal() == Goal.MAXIMIZE, spec.minGain());
    }

    /**
     * Decides whether a challenger replaces the champion.
     *
     * @param challenger the new version
     * @param champion the current champion, if any
     * @return the decision, with its reason
     */
    public PromotionDecision decide(ModelVersion challenger, Optional<ModelVersion> champion) {
        Double value = metricOf(challenger);
        if (value == null) {
            return new PromotionDecision(false, "version " + challenger.getVersion() + " reports no " + metric
                    + ": not promoted automatically", null, champion.map(this::metricOf).orElse(null), null);
        }
        if (champion.isEmpty()) {
            return new PromotionDecision(true, metric + " " + format(value) + ", first champion", value, null, null);
        }
        Double previous = metricOf(champion.get());
        if (previous == null) {
            return new PromotionDecision(false, "champion version " + champion.get().getVersion() + " reports no "
                    + metric + ": cannot compare, promote by hand", value, null, null);
        }
        double gain = gain(value, previous);
        String comparison = metric + " " + format(value) + " vs champion " + format(previous) + " ("
                + (higherIsBetter ? "higher" : "lower") + " is better): gain " + format(gain);
        if (gain <= TOLERANCE) {
            return new PromotionDecision(false, comparison + ", no improvement", value, previous, gain);
        }
        if (gain < minGain - TOLERANCE) {
            return new PromotionDecision(false, comparison + " < min_gain " + format(minGain), value, previous, gain);
        }
        return new PromotionDecision(true, comparison + " >= min_gain " + format(minGain), value, previous, gain);
    }

    /** Returns the improvement of {@code value} over {@code previous} in the better direction. */
    public double gain(double value, double previous) {
        return higherIsBetter ? value - previous : previous - value;
    }

    /**
     * Returns the improvement per metric both versions report: the policy metric in its better direction, the
     * others as {@code new - old}.
     */
    public Map<String, Double> gains(ModelVersion challenger, ModelVersion previous) {
        Map<String, Double> gains = new LinkedHashMap<>();
        challenger.getMetrics().forEach((name, value) -> {
            Double before = previous.getMetrics().get(name);
            if (before != null && !value.isNaN() && !before.isNaN()) {
                gains.put(name, name.equals(metric) ? gain(value, before) : value - before);
            }
        });
        return gains;
    }

    /** Returns a version's value of the policy metric, or null when it has none or it is not a number. */
    public Double metricOf(ModelVersion version) {
        Double value = version.getMetrics().get(metric);
        return value == null || value.isNaN() ? null : value;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
