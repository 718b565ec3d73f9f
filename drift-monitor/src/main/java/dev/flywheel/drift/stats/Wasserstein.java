package dev.flywheel.drift.stats;

import dev.flywheel.drift.profile.ReferenceProfile;
import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.topology.spec.DriftMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Wasserstein-1 distance normed by the reference standard deviation (Evidently's {@code wasserstein}:
 * {@code W1(ref, cur) / max(std(ref), 0.001)}), numeric features only, computed from binned counts.
 *
 * <p>W1 is the integral of {@code |F_ref(x) - F_win(x)|}. Both CDFs are known exactly at the bin edges;
 * inside a bin the values are taken as spread uniformly, so the gap is linear between edges and its absolute
 * value integrates in closed form. The underflow bin spans {@code [min, e0]} and the overflow bin
 * {@code [e_last, max]} of the reference: window values beyond the reference range are taken to sit inside
 * it, so a shift far outside the range is underestimated (PSI or JS on the same bins sees it fully).
 */
public final class Wasserstein implements DriftStatistic {

    /** Default threshold: Evidently's 0.1 (a tenth of a reference standard deviation). */
    public static final double DEFAULT_THRESHOLD = 0.1;
    /** Smallest norm, as in Evidently, so a constant reference does not divide by zero. */
    public static final double MIN_NORM = 0.001;

    @Override
    public DriftMethod method() {
        return DriftMethod.WASSERSTEIN;
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
        if (reference.kind() != FeatureKind.NUMERIC) {
            throw new IllegalArgumentException(reference.feature() + ": Wasserstein needs a numeric feature");
        }
        Shares.checkLength(reference.bins(), window);
        double[] p = Shares.of(reference.counts());
        double[] q = Shares.of(window);
        double[] edges = reference.edges();
        double norm = Math.max(Double.isNaN(reference.std()) ? 0 : reference.std(), MIN_NORM);
        List<BinShare> bins = new ArrayList<>();
        double before = 0;
        double cdfGap = 0;
        double distance = 0;
        for (int i = 0; i < p.length; i++) {
            double lo = i == 0 ? reference.min() : edges[i - 1];
            double hi = i == p.length - 1 ? reference.max() : edges[i];
            cdfGap += p[i] - q[i];
            double after = i == p.length - 1 ? 0 : cdfGap;
            double area = linearAbsIntegral(before, after, Math.max(0, hi - lo)) / norm;
            distance += area;
            bins.add(new BinShare(i, p[i], q[i], area));
            before = after;
        }
        return new Verdict(method(), distance, threshold, OptionalDouble.empty(), distance,
                drifted(distance, threshold), Shares.total(window), reference.total(), bins);
    }

    /** The integral over a width of |g| for g linear from a to b. */
    static double linearAbsIntegral(double a, double b, double width) {
        if (a * b >= 0) {
            return (Math.abs(a) + Math.abs(b)) / 2 * width;
        }
        // The gap changes sign inside the bin: two triangles meeting at the zero.
        return width * (a * a + b * b) / (2 * (Math.abs(a) + Math.abs(b)));
    }
}
