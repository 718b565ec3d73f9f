package dev.flywheel.drift.stats;

import dev.flywheel.topology.spec.DriftMethod;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The comparison of one window with its reference for one feature.
 *
 * @param method the method used
 * @param score the value compared with the threshold: a distance, or the p-value for KS and chi-square
 * @param threshold the threshold
 * @param pValue the p-value where the method defines one
 * @param statistic the raw statistic (KS D, chi-square statistic, or the distance itself)
 * @param drifted whether the score crossed the threshold
 * @param windowSize values in the window
 * @param referenceSize values in the reference
 * @param bins each bin's share of the evidence, in bin order
 */
public record Verdict(DriftMethod method, double score, double threshold, OptionalDouble pValue, double statistic,
                      boolean drifted, long windowSize, long referenceSize, List<BinShare> bins) {

    /** Copies the list. */
    public Verdict {
        bins = List.copyOf(bins);
    }

    /**
     * Returns the bins that contributed most, by decreasing contribution.
     *
     * @param limit how many at most
     * @return the top bins with a positive contribution
     */
    public List<BinShare> topBins(int limit) {
        return bins.stream().filter(bin -> bin.contribution() > 0)
                .sorted(Comparator.comparingDouble(BinShare::contribution).reversed().thenComparingInt(BinShare::bin))
                .limit(limit).toList();
    }
}
