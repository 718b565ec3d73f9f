package dev.flywheel.drift.stats;

/**
 * One bin's part in a drift score: the evidence an alarm reports as {@code BinContribution}.
 *
 * @param bin the bin index in the reference profile
 * @param referenceShare share of reference values in the bin
 * @param windowShare share of window values in the bin
 * @param contribution the bin's term of the score (method-specific, non-negative)
 */
public record BinShare(int bin, double referenceShare, double windowShare, double contribution) {
}
