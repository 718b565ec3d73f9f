package dev.flywheel.drift.stats;

import dev.flywheel.drift.profile.ReferenceProfile;
import dev.flywheel.topology.spec.DriftMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Pearson's chi-square goodness-of-fit test of the window's counts against the reference shares (Evidently's
 * {@code chisquare(current, expected = reference share * n)}), over the bins that are non-empty in either.
 *
 * <p>A bin the reference never saw (the unseen bucket, or a numeric bin the reference left empty) gets a
 * reference pseudo-count of {@value #EMPTY_REFERENCE_COUNT} instead of 0: with 0 expected, a single unseen
 * value anywhere in a large window would give an infinite statistic and an alarm; with a half count, unseen
 * values weigh by how many they are. Degrees of freedom: bins used - 1. The p-value is the chi-square survival
 * function from Commons Math.
 */
public final class ChiSquare implements DriftStatistic {

    /** Default threshold on the p-value: Evidently's 0.05. */
    public static final double DEFAULT_THRESHOLD = 0.05;
    /** Reference pseudo-count of a bin the reference left empty. */
    public static final double EMPTY_REFERENCE_COUNT = 0.5;

    @Override
    public DriftMethod method() {
        return DriftMethod.CHI_SQUARE;
    }

    @Override
    public double defaultThreshold() {
        return DEFAULT_THRESHOLD;
    }

    @Override
    public boolean pValueBased() {
        return true;
    }

    @Override
    public Verdict evaluate(ReferenceProfile reference, long[] window, double threshold) {
        Shares.checkLength(reference.bins(), window);
        long[] r = reference.counts();
        long m = Shares.total(window);
        double referenceMass = 0;
        int used = 0;
        for (int i = 0; i < r.length; i++) {
            if (r[i] > 0 || window[i] > 0) {
                referenceMass += r[i] > 0 ? r[i] : EMPTY_REFERENCE_COUNT;
                used++;
            }
        }
        double[] p = Shares.of(r);
        double[] q = Shares.of(window);
        List<BinShare> bins = new ArrayList<>();
        double statistic = 0;
        for (int i = 0; i < r.length; i++) {
            double term = 0;
            if ((r[i] > 0 || window[i] > 0) && m > 0) {
                double expected = m * (r[i] > 0 ? r[i] : EMPTY_REFERENCE_COUNT) / referenceMass;
                term = (window[i] - expected) * (window[i] - expected) / expected;
            }
            statistic += term;
            bins.add(new BinShare(i, p[i], q[i], term));
        }
        double pValue = used < 2 || m == 0 ? 1 : 1 - new ChiSquaredDistribution(null, used - 1).cumulativeProbability(statistic);
        pValue = Math.min(1, Math.max(0, pValue));
        return new Verdict(method(), pValue, threshold, OptionalDouble.of(pValue), statistic,
                drifted(pValue, threshold), m, reference.total(), bins);
    }
}
