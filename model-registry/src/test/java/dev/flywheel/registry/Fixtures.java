package dev.flywheel.registry;

import dev.flywheel.registry.artifact.LocalFileArtifactStore;
import dev.flywheel.schemas.Events;
import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.schemas.events.TriggerKind;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The spec and events the registry tests share. */
public final class Fixtures {

    /** Registration time of every event the fixtures build. */
    public static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    private Fixtures() {
    }

    /**
     * Models: {@code fraud_detector} (auc, higher is better, min_gain 0.005), {@code eta} (rmse, lower is better,
     * min_gain 0.1), {@code even} (auc, min_gain 0) and {@code by_hand} (auc, promoted by hand only).
     */
    public static FlywheelSpec spec() {
        return SpecLoader.parse("flywheel.yaml", """
                project: test
                sources:
                  - name: transactions
                    topic: transactions
                    key: card_id
                    timestamp: ts
                  - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts}
                feature_views:
                  - name: card_spend
                    source: transactions
                    entity: card_id
                    features:
                      - {name: txn_count_1h, agg: count, window: 1h}
                      - {name: amount_sum_24h, agg: sum, field: amount, window: 24h}
                labels:
                  - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts, field: is_fraud}
                models:
                  - name: fraud_detector
                    features: [card_spend:txn_count_1h, card_spend:amount_sum_24h]
                    label: fraud_labels
                    trainer: {backend: local}
                    promotion: {metric: auc, min_gain: 0.005}
                  - name: eta
                    features: [card_spend:txn_count_1h]
                    label: fraud_labels
                    trainer: {backend: local}
                    promotion: {metric: rmse, min_gain: 0.1}
                  - name: even
                    features: [card_spend:txn_count_1h]
                    label: fraud_labels
                    trainer: {backend: local}
                    promotion: {metric: auc, min_gain: 0}
                  - name: by_hand
                    features: [card_spend:txn_count_1h]
                    label: fraud_labels
                    trainer: {backend: local}
                    promotion: {metric: auc, auto: false}
                """);
    }

    /** Writes an artifact file and returns it. */
    public static Path artifact(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the SHA-256 of some text, as the trainer reports it. */
    public static String sha256(String content) {
        try {
            return LocalFileArtifactStore.digest(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A successful training of a request whose artifact is {@code file} with its correct SHA-256. */
    public static TrainingJobStatus succeeded(String model, String requestId, Path file, Map<String, Double> metrics) {
        try {
            return succeeded(model, requestId, file.toUri().toString(), sha256(Files.readString(file)), metrics,
                    List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A successful training with everything given. */
    public static TrainingJobStatus succeeded(String model, String requestId, String uri, String sha,
                                              Map<String, Double> metrics, List<String> causes) {
        return TrainingJobStatus.newBuilder().setEventId(Events.newEventId()).setOccurredAt(T0).setCauses(causes)
                .setRequestId(requestId).setModel(model).setJobName("job-" + requestId).setBackend("local")
                .setState(TrainingState.SUCCEEDED).setDatasetId("ds-" + requestId).setMetrics(metrics)
                .setHyperparameters(Map.of("eta", "0.1")).setModelUri(uri).setModelSha256(sha)
                .setModelFormat("xgboost-json").build();
    }

    /** A running (not yet successful) training. */
    public static TrainingJobStatus running(String model, String requestId) {
        return TrainingJobStatus.newBuilder().setEventId(Events.newEventId()).setOccurredAt(T0).setRequestId(requestId)
                .setModel(model).setJobName("job-" + requestId).setBackend("local").setState(TrainingState.RUNNING)
                .build();
    }

    /** A drift alarm on card_spend. */
    public static DriftDetected drift() {
        return DriftDetected.newBuilder().setEventId(Events.newEventId()).setOccurredAt(T0).setMonitor("card_spend_drift")
                .setView("card_spend").setDriftedFeatures(List.of("card_spend:amount_sum_24h")).setMethod("PSI")
                .setScore(0.4).setThreshold(0.1).setDriftedShare(0.5).setWindowStart(T0).setWindowEnd(T0)
                .setWindowSize(1000).setReferenceSize(1000).setCauses(List.of("an-earlier-dataset-event")).build();
    }

    /** New rows of card_spend on the offline tier. */
    public static DataAvailable dataAvailable() {
        return DataAvailable.newBuilder().setEventId(Events.newEventId()).setOccurredAt(T0).setView("card_spend")
                .setUri("s3://flywheel/offline/view=card_spend/part-0.parquet").setRowCount(500)
                .setMinEventTime(T0).setMaxEventTime(T0).build();
    }

    /** A training request caused by the given events. */
    public static TrainingRequested requested(String model, String requestId, List<String> causes) {
        return TrainingRequested.newBuilder().setEventId(Events.newEventId()).setOccurredAt(T0).setCauses(causes)
                .setRequestId(requestId).setModel(model).setTrigger(TriggerKind.DRIFT)
                .setReason("drift share 0.5 >= 0.3").setFeatureRefs(List.of("card_spend:txn_count_1h")).build();
    }

    /** The dataset of a request. */
    public static DatasetSnapshot dataset(String datasetId, String requestId, List<String> causes) {
        return DatasetSnapshot.newBuilder().setEventId(Events.newEventId()).setOccurredAt(T0).setCauses(causes)
                .setDatasetId(datasetId).setUri("s3://flywheel/datasets/" + datasetId + "/")
                .setManifestUri("s3://flywheel/datasets/" + datasetId + "/manifest.json").setRowCount(10_000)
                .setFeatureRefs(List.of("card_spend:txn_count_1h", "card_spend:amount_sum_24h"))
                .setRequestId(requestId).setModel("fraud_detector").build();
    }
}
