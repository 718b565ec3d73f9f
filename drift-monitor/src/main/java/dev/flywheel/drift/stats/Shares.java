package dev.flywheel.drift.stats;

import java.util.Arrays;

/** Counts to shares. */
final class Shares {

    private Shares() {
    }

    static long total(long[] counts) {
        return Arrays.stream(counts).sum();
    }

    /** Shares of a count vector; all zero when the total is zero. */
    static double[] of(long[] counts) {
        long total = total(counts);
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = total == 0 ? 0 : (double) counts[i] / total;
        }
        return shares;
    }

    static void checkLength(int bins, long[] window) {
        if (window.length != bins) {
            throw new IllegalArgumentException("window has " + window.length + " bins, the reference " + bins);
        }
    }
}
