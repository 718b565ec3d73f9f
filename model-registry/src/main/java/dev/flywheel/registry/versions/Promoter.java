package dev.flywheel.registry.versions;

import dev.flywheel.schemas.Events;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelStage;
import dev.flywheel.schemas.events.ModelVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a version the champion: the previous champion is archived, the new one moves to PRODUCTION, the
 * summary's rollback stack is updated, and a {@code ModelPromoted} records it all. The version states keep their
 * registration causes (their lineage); the {@code ModelPromoted} is the record of the stage change.
 */
final class Promoter {

    private final RegistryState state;
    private final Clock clock;

    Promoter(RegistryState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    List<Emitted> promote(ModelSummary summary, ModelVersion challenger, Promotion promotion) {
        Instant now = clock.instant();
        List<Emitted> out = new ArrayList<>();
        Optional<ModelVersion> champion = state.champion(summary)
                .filter(current -> current.getVersion() != challenger.getVersion());
        champion.ifPresent(previous -> out.add(store(ModelVersion.newBuilder(previous).setEventId(Events.newEventId())
                .setOccurredAt(now).setUpdatedAt(now).setStage(ModelStage.ARCHIVED)
                .setDescription((promotion.rollback() ? "archived: rolled back to version " : "archived: replaced by "
                        + "version ") + challenger.getVersion()).build())));
        ModelVersion promoted = ModelVersion.newBuilder(challenger).setEventId(Events.newEventId()).setOccurredAt(now)
                .setUpdatedAt(now).setStage(ModelStage.PRODUCTION).setDescription("champion: " + promotion.reason())
                .build();
        out.add(store(promoted));
        state.put(summary.withChampion(challenger.getVersion(), promotion.rollback()));
        out.add(new Emitted(RegistryKeys.promotion(challenger.getModel()), promoted(challenger, champion, promotion,
                now)));
        return out;
    }

    private Emitted store(ModelVersion version) {
        state.put(version);
        return new Emitted(RegistryKeys.version(version.getModel(), version.getVersion()), version);
    }

    private static ModelPromoted promoted(ModelVersion challenger, Optional<ModelVersion> previous, Promotion promotion,
                                          Instant now) {
        PromotionPolicy policy = promotion.policy();
        PromotionDecision decision = promotion.decision();
        Map<String, Double> gains = policy == null || previous.isEmpty() ? Map.of()
                : policy.gains(challenger, previous.get());
        return ModelPromoted.newBuilder()
                .setEventId(Events.newEventId())
                .setOccurredAt(now)
                .setCauses(promotion.causes())
                .setModel(challenger.getModel())
                .setVersion(challenger.getVersion())
                .setPreviousVersion(previous.map(ModelVersion::getVersion).orElse(null))
                .setDatasetId(challenger.getDatasetId())
                .setMetric(policy == null ? null : policy.metric())
                .setHigherIsBetter(policy == null || policy.higherIsBetter())
                .setValue(decision == null ? null : decision.value())
                .setPreviousValue(decision == null ? null : decision.previousValue())
                .setGain(decision == null ? null : decision.gain())
                .setGains(gains)
                .setReason(promotion.reason())
                .setManual(promotion.manual())
                .setRollback(promotion.rollback())
                .setActor(promotion.actor())
                .build();
    }
}
