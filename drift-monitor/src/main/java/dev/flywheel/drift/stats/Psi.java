package dev.flywheel.drift.stats;

import dev.flywheel.drift.profile.ReferenceProfile;
import dev.flywheel.topology.spec.DriftMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Population stability index, {@code sum (q - p) * ln(q / p)} over the reference bins, with an empty bin's
 * share replaced by {@link #EMPTY_SHARE} (as Evidently does) so that the logarithm stays finite.
 */
public final class Psi implements DriftStatistic {

    /** Share given to an empty bin (Evidently's {@code 0.0001}). */
    public static final double EMPTY_SHARE = 1e-4;
    /** Default threshold: Evidently's 0.1; the credit-scoring rule of thumb reads 0.1-0.25 as a moderate shift. */
    public static final double DEFAULT_THRESHOLD = 0.1;

    @Override
    public DriftMethod method() {
        return DriftMethod.PSI;
    }

    @Override
    public double defaultThreshold() {
        return DEFAULT_THRESHOLD;
    }

    @Override
    public boolean pValueBased() {
        return false;
    }

    @Override
    public Verdict evaluate(ReferenceProfile reference, long[] window, double threshold) {
        Shares.checkLength(reference.bins(), window);
        double[] p = Shares.of(reference.counts());
        double[] q = Shares.of(window);
        List<BinShare> bins = new ArrayList<>();
        double psi = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] == 0 ? EMPTY_SHARE : p[i];
            double qi = q[i] == 0 ? EMPTY_SHARE : q[i];
            double term = (qi - pi) * Math.log(qi / pi);
            psi += term;
            bins.add(new BinShare(i, p[i], q[i], term));
        }
        return new Verdict(method(), psi, threshold, OptionalDouble.empty(), psi, drifted(psi, threshold),
                Shares.total(window), reference.total(), bins);
    }
}
