package dev.flywheel.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.registry.ModelInfo;
import dev.flywheel.registry.RegistryNotFoundException;
import dev.flywheel.schemas.events.ModelStage;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read-only models of {@code flywheel run dashboard}, folded from {@code flywheel.models} events. */
class ModelsViewTest {

    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    @Test
    void shouldFoldVersionsStagesChampionAndRollbackStackFromTheModelsTopic() {
        // given v1 promoted, v2 promoted over it (v1 archived), then a rollback to v1 and a v3 in staging
        List<org.apache.avro.specific.SpecificRecord> events = List.of(
                DashboardEvents.version(1, ModelStage.STAGING, T0),
                DashboardEvents.version(1, ModelStage.PRODUCTION, T0.plusSeconds(1)),
                DashboardEvents.promoted(1, false, T0.plusSeconds(1)),
                DashboardEvents.version(2, ModelStage.PRODUCTION, T0.plusSeconds(2)),
                DashboardEvents.version(1, ModelStage.ARCHIVED, T0.plusSeconds(2)),
                DashboardEvents.promoted(2, false, T0.plusSeconds(2)),
                DashboardEvents.version(3, ModelStage.STAGING, T0.plusSeconds(3)),
                DashboardEvents.promoted(1, true, T0.plusSeconds(4)));

        // when
        ModelsView view = ModelsView.of(spec(), events);

        // then the champion is v1 again, with nothing left to roll back to, and each version's latest stage
        ModelInfo fraud = view.models().get(0);
        assertThat(fraud.model()).isEqualTo("fraud_detector");
        assertThat(fraud.inSpec()).isTrue();
        assertThat(fraud.latestVersion()).isEqualTo(3);
        assertThat(fraud.champion()).isEqualTo(1);
        assertThat(fraud.previousChampions()).isEmpty();
        assertThat(fraud.promotion()).isEqualTo("auc maximize, min_gain 0.005");
        assertThat(view.versions("fraud_detector")).extracting(v -> v.getVersion() + ":" + v.getStage())
                .containsExactly("1:ARCHIVED", "2:PRODUCTION", "3:STAGING");
    }

    @Test
    void shouldListADeclaredModelWithoutVersionsAndRefuseAnUnknownOne() {
        ModelsView view = ModelsView.of(spec(), List.of());

        assertThat(view.models()).extracting(ModelInfo::model, ModelInfo::latestVersion, ModelInfo::champion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fraud_detector", 0, null));
        assertThat(view.versions("fraud_detector")).isEmpty();
        assertThatThrownBy(() -> view.versions("nope")).isInstanceOf(RegistryNotFoundException.class)
                .hasMessageContaining("Unknown model 'nope'");
    }

    private static FlywheelSpec spec() {
        return SpecLoader.parse("flywheel.yaml", """
                project: t
                sources:
                  - {name: transactions, key: card_id, timestamp: ts}
                  - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts}
                feature_views:
                  - name: card_spend
                    source: transactions
                    entity: card_id
                    ttl: 7d
                    features:
                      - {name: txn_count_1h, agg: count, window: 1h}
                labels:
                  - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts, field: is_fraud}
                models:
                  - name: fraud_detector
                    features: [card_spend:txn_count_1h]
                    label: fraud_labels
                    trainer: {backend: local}
                    promotion: {metric: auc, min_gain: 0.005}
                """);
    }
}
