package dev.flywheel.registry.versions;

import java.util.List;

/**
 * Why and how a version becomes champion.
 *
 * @param decision the metric comparison (for a manual promotion, the comparison for the record only)
 * @param policy the policy whose metric was compared, or null when the model has none
 * @param reason the reason written on the events
 * @param manual whether a person asked
 * @param rollback whether it restores an earlier champion
 * @param actor who asked, or null
 * @param causes the ids of the events that caused it (the command, or the challenger's version event)
 */
record Promotion(PromotionDecision decision, PromotionPolicy policy, String reason, boolean manual, boolean rollback,
                 String actor, List<String> causes) {
}
