package dev.flywheel.cli.dashboard;

import dev.flywheel.schemas.Events;
import dev.flywheel.schemas.events.BinContribution;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.events.ModelStage;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.schemas.events.Severity;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.schemas.events.TriggerKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Backbone events as the stages write them, for the dashboard's tests. */
final class DashboardEvents {

    static final String MONITOR = "card_spend_drift";
    static final String FEATURE = "amount_sum_24h";

    private DashboardEvents() {
    }

    static DriftDetected detected(Instant at, double score) {
        return DriftDetected.newBuilder().setEventId(Events.newEventId()).setOccurredAt(at).setMonitor(MONITOR)
                .setView("card_spend").setFeature(FEATURE).setDriftedFeatures(List.of("card_spend:" + FEATURE))
                .setMethod("psi").setScore(score).setThreshold(0.2).setSeverity(Severity.HIGH)
                .setFeatureScores(Map.of(FEATURE, score, "txn_count_1h", 0.05)).setDriftedShare(0.5)
                .setWindowStart(at.minusSeconds(60)).setWindowEnd(at).setWindowSize(1000).setReferenceSize(5000)
                .setTopBins(List.of(bin("[0.0, 100.0)", 0.6, 0.2), bin("[100.0, 500.0)", 0.3, 0.3),
                        bin("[500.0, +inf)", 0.1, 0.5)))
                .build();
    }

    private static BinContribution bin(String label, double reference, double window) {
        return BinContribution.newBuilder().setFeature("card_spend:" + FEATURE).setBin(label)
                .setReferenceShare(reference).setWindowShare(window)
                .setContribution((window - reference) * Math.log(window / reference)).build();
    }

    static DriftResolved resolved(Instant at, DriftDetected detected) {
        return DriftResolved.newBuilder().setEventId(Events.newEventId()).setOccurredAt(at)
                .setDetectedEventId(detected.getEventId()).setMonitor(MONITOR).setView("card_spend")
                .setFeature(FEATURE).setMethod("psi").setScore(0.05).setThreshold(0.2).setReason("score below threshold")
                .setWindowStart(at.minusSeconds(60)).setWindowEnd(at).setWindowSize(1000).build();
    }

    static TrainingRequested requested(Instant at, String requestId, List<String> causes) {
        return TrainingRequested.newBuilder().setEventId(Events.newEventId()).setOccurredAt(at).setCauses(causes)
                .setRequestId(requestId).setModel("fraud_detector").setTrigger(TriggerKind.DRIFT)
                .setReason("drift share 0.5 >= 0.3").setFeatureRefs(List.of("card_spend:txn_count_1h")).build();
    }

    static TrainingJobStatus status(Instant at, String requestId, TrainingState state, List<String> causes) {
        TrainingJobStatus.Builder status = TrainingJobStatus.newBuilder().setEventId(Events.newEventId())
                .setOccurredAt(at).setCauses(causes).setRequestId(requestId).setModel("fraud_detector")
                .setJobName("job-" + requestId).setBackend("local").setState(state).setStartedAt(at.minusSeconds(90));
        if (state == TrainingState.SUCCEEDED || state == TrainingState.FAILED) {
            status.setFinishedAt(at);
        }
        if (state == TrainingState.FAILED) {
            status.setReason("trainer exited 2: no rows");
        }
        return status.build();
    }

    static ModelVersion version(int version, ModelStage stage, Instant at) {
        return ModelVersion.newBuilder().setEventId(Events.newEventId()).setOccurredAt(at).setModel("fraud_detector")
                .setVersion(version).setArtifactUri("file:///models/" + version + ".json").setSha256("ab12")
                .setFormat("xgboost-json").setMetrics(Map.of("auc", 0.9 + version / 100.0)).setStage(stage)
                .setDatasetId("ds-" + version).setRequestId("r-" + version).setCreatedAt(at).setUpdatedAt(at).build();
    }

    static ModelPromoted promoted(int version, boolean rollback, Instant at) {
        return ModelPromoted.newBuilder().setEventId(Events.newEventId()).setOccurredAt(at).setModel("fraud_detector")
                .setVersion(version).setReason(rollback ? "rollback" : "policy").setRollback(rollback).build();
    }
}
