package dev.flywheel.drift.detect;

/**
 * The evidence of the change a detector last signalled.
 *
 * @param direction +1 when the mean rose, -1 when it fell
 * @param score the detector's statistic: ADWIN's gap between the two sub-window means, Page-Hinkley's
 *              cumulative deviation from its extreme
 * @param threshold what the statistic crossed: ADWIN's bound epsilon, Page-Hinkley's lambda
 * @param meanBefore the mean before the change (ADWIN: the older sub-window; Page-Hinkley: the running mean)
 * @param meanAfter the mean after the change (ADWIN: the newer sub-window); NaN where the detector has none
 * @param valuesBefore values behind {@code meanBefore}
 * @param valuesAfter values behind {@code meanAfter} (0 where none)
 */
public record Change(int direction, double score, double threshold, double meanBefore, double meanAfter,
                     long valuesBefore, long valuesAfter) {
}
