package dev.flywheel.training.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.Severity;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Which models a new-rows event concerns, when a label's rows land in the offline tier under its source's name; how
 * {@code min_score} judges distance and p-value alarms.
 */
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
              - {name: picky, features: [card_spend:n], label: fraud_labels, retrain: {on_drift: {min_score: 0.2}}}
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

    private static DriftDetected alarm(String method, double score, Double pValue) {
        return DriftDetected.newBuilder().setEventId("a-" + method).setOccurredAt(T0).setMonitor("m")
                .setView("card_spend").setFeature("card_spend:n").setMethod(method).setScore(score).setThreshold(0.05)
                .setPValue(pValue).setDriftedShare(1.0).setSeverity(Severity.HIGH).setWindowStart(T0).setWindowEnd(T0)
                .setWindowSize(1000).setReferenceSize(1000).build();
    }

    @Test
    void shouldHoldADistanceScoreToMinScore() {
        RetrainPolicy policy = new RetrainPolicy(SPEC, Severity.MEDIUM);
        var picky = SPEC.models().stream().filter(m -> m.name().equals("picky")).findFirst().orElseThrow();

        assertThat(policy.evaluate(picky, alarm("PSI", 0.15, null)).accepted()).isFalse();
        assertThat(policy.evaluate(picky, alarm("PSI", 0.25, null)).accepted()).isTrue();
    }

    @Test
    void shouldNotHoldAPValueToMinScoreSinceASmallerOneMeansMoreDrift() {
        // given a KS alarm whose score is its p-value: 1e-9 is overwhelming drift, far below min_score 0.2
        RetrainPolicy policy = new RetrainPolicy(SPEC, Severity.MEDIUM);
        var picky = SPEC.models().stream().filter(m -> m.name().equals("picky")).findFirst().orElseThrow();

        assertThat(policy.evaluate(picky, alarm("KS", 1e-9, 1e-9)).accepted()).isTrue();
    }
}
