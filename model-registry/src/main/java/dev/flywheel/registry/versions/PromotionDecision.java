package dev.flywheel.registry.versions;

/**
 * The outcome of comparing a challenger with the champion on the policy metric.
 *
 * @param promote whether the challenger becomes champion
 * @param reason why, in words, for logs, {@code ModelPromoted.reason} and the version's description
 * @param value the challenger's metric value, or null when it has none
 * @param previousValue the champion's metric value, or null when there is no champion or it has none
 * @param gain the improvement in the better direction, or null when it cannot be computed
 */
public record PromotionDecision(boolean promote, String reason, Double value, Double previousValue, Double gain) {
}
