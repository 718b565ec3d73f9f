package dev.flywheel.drift.stats;

import dev.flywheel.drift.profile.ReferenceProfile;
import dev.flywheel.topology.spec.DriftMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Jensen-Shannon distance: the square root of the JS divergence with natural logarithms (SciPy's
 * {@code jensenshannon} default, which Evidently calls), so it lies in {@code [0, sqrt(ln 2)]}.
 */
public final class JensenShannon implements DriftStatistic {

    /** Default threshold: Evidently's 0.1. */
    public static final double DEFAULT_THRESHOLD = 0.1;

    @Override
    public DriftMethod method() {
        return DriftMethod.JENSEN_SHANNON;
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
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            double term = (xLogXOverM(p[i], m) + xLogXOverM(q[i], m)) / 2;
            divergence += term;
            bins.add(new BinShare(i, p[i], q[i], term));
        }
        double distance = Math.sqrt(Math.max(0, divergence));
        return new Verdict(method(), distance, threshold, OptionalDouble.empty(), distance,
                drifted(distance, threshold), Shares.total(window), reference.total(), bins);
    }

    private static double xLogXOverM(double x, double m) {
        return x == 0 ? 0 : x * Math.log(x / m);
    }
}
