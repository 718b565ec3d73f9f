package dev.flywheel.training.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.Severity;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which models a new-rows event concerns, when a label's rows land in the offline tier under its source's name. */
class RetrainPolicyTest {

    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    private static final FlywheelSpec SPEC = SpecLoader.parse("flywheel.yaml", """
            project: test
            sources:
              - {name: transactions, key: card_id, timestamp: ts}
              - {name: outcome_events, topic: outcomes, key: card_id, timestamp: ts}
            feature_views:
              - {name: card_spend, source: transactions, entity: card_id, features: [{name: n, agg: count}]}
            labels:
              - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts, field: is_fraud}
              - {name: outcomes, topic: outcomes, key: card_id, field: charged_back}
            models:
              - {name: implicit, features: [card_spend:n], label: fraud_labels, retrain: {on_new_rows: 10}}
              - {name: shared, features: [card_spend:n], label: outcomes, retrain: {on_new_rows: 10}}
            """);

    private static DataAvailable sourceRows(String source) {
        return DataAvailable.newBuilder().setEventId("e-" + source).setOccurredAt(T0).setView(source).setKind("SOURCE")
                .setUri("s3://flywheel/offline/source=" + source + "/f.parquet").setRowCount(5).setMinEventTime(T0)
                .setMaxEventTime(T0).build();
    }

    @Test
    void shouldCountTheRowsOfALabelsImplicitSourceForItsModels() {
        assertThat(new RetrainPolicy(SPEC, Severity.MEDIUM).modelsOf(sourceRows("fraud_labels")))
                .containsExactly("implicit");
    }

    @Test
    void shouldCountTheRowsOfTheSourceThatReadsALabelsTopicUnderAnotherName() {
        RetrainPolicy policy = new RetrainPolicy(SPEC, Severity.MEDIUM);

        assertThat(policy.modelsOf(sourceRows("outcome_events"))).containsExactly("shared");
        assertThat(policy.modelsOf(sourceRows("outcomes"))).isEmpty();
    }
}
