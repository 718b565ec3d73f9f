package dev.flywheel.drift.window;

import java.util.Arrays;

/**
 * The counts of one window over the flattened bins of every feature.
 *
 * @param counts count per bin
 * @param records records in the window
 * @param start event time of the earliest record
 * @param end event time of the latest record
 */
public record WindowCounts(long[] counts, long records, long start, long end) {

    /**
     * Returns one feature's part of the counts.
     *
     * @param offset the feature's first bin
     * @param bins the feature's number of bins
     * @return a copy of its counts
     */
    public long[] slice(int offset, int bins) {
        return Arrays.copyOfRange(counts, offset, offset + bins);
    }
}
