package dev.flywheel.drift.stats;

import dev.flywheel.drift.profile.ReferenceProfile;
import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.topology.spec.DriftMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Two-sample Kolmogorov-Smirnov test on binned counts (numeric features only).
 *
 * <p>D is the largest gap between the two empirical CDFs read at the reference bin edges only. The exact
 * two-sample D is a maximum over every distinct value; within a bin both CDFs are unknown, so the binned D
 * is a lower bound of the exact one and the test is conservative: it can miss a shift that happens inside
 * one bin, never invent one. The p-value is Kolmogorov's asymptotic distribution at
 * {@code D * sqrt(n m / (n + m))} (what SciPy's {@code ks_2samp} uses for large samples), from Commons Math.
 */
public final class KolmogorovSmirnov implements DriftStatistic {

    /** Default threshold on the p-value: Evidently's 0.05. */
    public static final double DEFAULT_THRESHOLD = 0.05;

    private static final KolmogorovSmirnovTest KS = new KolmogorovSmirnovTest();

    @Override
    public DriftMethod method() {
        return DriftMethod.KS;
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
        if (reference.kind() != FeatureKind.NUMERIC) {
            throw new IllegalArgumentException(reference.feature() + ": KS needs a numeric feature");
        }
        Shares.checkLength(reference.bins(), window);
        double[] p = Shares.of(reference.counts());
        double[] q = Shares.of(window);
        List<BinShare> bins = new ArrayList<>();
        double cdfP = 0;
        double cdfQ = 0;
        double d = 0;
        for (int i = 0; i < p.length; i++) {
            cdfP += p[i];
            cdfQ += q[i];
            // The gap after bin i: the bin where it is largest is where the distributions part.
            double gap = i == p.length - 1 ? 0 : Math.abs(cdfP - cdfQ);
            d = Math.max(d, gap);
            bins.add(new BinShare(i, p[i], q[i], gap));
        }
        long n = reference.total();
        long m = Shares.total(window);
        double pValue = n == 0 || m == 0 ? 1 : KS.approximateP(d, Math.toIntExact(n), Math.toIntExact(m));
        pValue = Math.min(1, Math.max(0, pValue));
        return new Verdict(method(), pValue, threshold, OptionalDouble.of(pValue), d, drifted(pValue, threshold),
                m, n, bins);
    }
}
