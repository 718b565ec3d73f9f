package dev.flywheel.training;

import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.Severity;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import java.time.Instant;
import java.util.List;

/** A spec with one model per trigger kind, and events for it. */
public final class Fixtures {

    /** The wall clock the tests start at. */
    public static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    private Fixtures() {
    }

    /** The spec. */
    public static FlywheelSpec spec() {
        return SpecLoader.parse("flywheel.yaml", """
                project: test
                sources:
                  - name: transactions
                    topic: transactions
                    key: card_id
                    timestamp: ts
                  - name: fraud_labels
                    topic: fraud-labels
                    key: card_id
                    timestamp: ts
                feature_views:
                  - name: card_spend
                    source: transactions
                    entity: card_id
                    features:
                      - {name: txn_count_1h, agg: count, window: 1h}
                      - {name: amount_sum_24h, agg: sum, field: amount, window: 24h}
                      - {name: amount_max_24h, agg: max, field: amount, window: 24h}
                labels:
                  - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts, field: is_fraud}
                monitors:
                  - {name: spend_drift, view: card_spend, model: fraud, window: 1000, method: auto}
                models:
                  - name: fraud
                    features: [card_spend:txn_count_1h, card_spend:amount_sum_24h, card_spend:amount_max_24h]
                    label: fraud_labels
                    trainer: {backend: local}
                    retrain: {on_drift: {min_share: 0.3}, cooldown: 1h, coalesce: 30s, max_concurrent: 1}
                  - name: rows
                    features: [card_spend:txn_count_1h]
                    label: fraud_labels
                    trainer: {backend: local}
                    retrain: {on_new_rows: 1000, cooldown: 1m, coalesce: 1s}
                  - name: nightly
                    features: [card_spend:txn_count_1h]
                    label: fraud_labels
                    trainer: {backend: local}
                    retrain: {schedule: 1h, cooldown: 1m, coalesce: 1s}
                """);
    }

    /** A drift alarm of {@code spend_drift}. */
    public static DriftDetected drift(String id, double share, Severity severity, Instant at) {
        return DriftDetected.newBuilder().setEventId(id).setOccurredAt(at).setMonitor("spend_drift").setView("card_spend")
                .setFeature(null).setDriftedFeatures(List.of("card_spend:txn_count_1h")).setMethod("PSI").setScore(0.4)
                .setThreshold(0.1).setDriftedShare(share).setSeverity(severity).setWindowStart(at).setWindowEnd(at)
                .setWindowSize(1000).setReferenceSize(1000).build();
    }

    /** A committed file of {@code card_spend} rows. */
    public static DataAvailable data(String id, long rows, Instant at) {
        return DataAvailable.newBuilder().setEventId(id).setOccurredAt(at).setView("card_spend").setKind("FEATURES")
                .setUri("s3://flywheel/offline/view=card_spend/" + id + ".parquet").setRowCount(rows)
                .setMinEventTime(at).setMaxEventTime(at).build();
    }

    /** A status of a request's job. */
    public static TrainingJobStatus status(String model, String requestId, TrainingState state, Instant at) {
        return TrainingJobStatus.newBuilder().setEventId(requestId + "-" + state).setOccurredAt(at).setRequestId(requestId)
                .setModel(model).setJobName(requestId).setBackend("local").setState(state)
                .setReason(state == TrainingState.FAILED ? "test" : null).build();
    }
}
