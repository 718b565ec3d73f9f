package dev.flywheel.drift.stats;

import dev.flywheel.drift.profile.ReferenceProfile;
import dev.flywheel.topology.spec.DriftMethod;

/** A drift method: compares a window's counts over the reference bins with the reference counts. */
public sealed interface DriftStatistic permits Psi, KolmogorovSmirnov, JensenShannon, Wasserstein, ChiSquare {

    /** Returns the method. */
    DriftMethod method();

    /** Returns the default threshold, used when neither the monitor nor the feature sets one. */
    double defaultThreshold();

    /** Returns whether the score is a p-value (drift when under the threshold) rather than a distance. */
    boolean pValueBased();

    /**
     * Compares a window with the reference.
     *
     * @param reference the reference profile
     * @param window the window's count per reference bin (same length as the reference's bins)
     * @param threshold the threshold
     * @return the verdict
     */
    Verdict evaluate(ReferenceProfile reference, long[] window, double threshold);

    /**
     * Returns whether a score counts as drifted under a threshold.
     *
     * @param score a score of this method
     * @param threshold the threshold
     * @return true when drifted
     */
    default boolean drifted(double score, double threshold) {
        return pValueBased() ? score < threshold : score >= threshold;
    }

    /**
     * Returns the statistic of a method.
     *
     * @param method any method but {@code AUTO}
     * @return its statistic
     */
    static DriftStatistic of(DriftMethod method) {
        return switch (method) {
            case PSI -> new Psi();
            case KS -> new KolmogorovSmirnov();
            case JENSEN_SHANNON -> new JensenShannon();
            case WASSERSTEIN -> new Wasserstein();
            case CHI_SQUARE -> new ChiSquare();
            case AUTO -> throw new IllegalArgumentException("AUTO is resolved per feature by MethodChoice");
        };
    }
}
