package dev.flywheel.training.flow;

import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.training.launch.JobObservation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the {@code TrainingJobStatus} events of a request. The event id is a name-based UUID of request and state,
 * so a status re-sent after a restart is the same event.
 */
public final class StatusEvents {

    private StatusEvents() {
    }

    /** The id of the status event of a request in a state. */
    public static String eventId(String requestId, TrainingState state) {
        return UUID.nameUUIDFromBytes(("TrainingJobStatus\n" + requestId + "\n" + state)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * A status without results.
     *
     * @param request the request
     * @param jobName the job's name
     * @param dataset the dataset, once built
     * @param observed what the launcher saw
     * @param at when
     * @return the event
     */
    public static TrainingJobStatus of(TrainingRequested request, String jobName, Optional<BuiltDataset> dataset,
                                       JobObservation observed, Instant at) {
        return builder(request, jobName, dataset, observed.state(), observed.reason(), at)
                .setStartedAt(observed.startedAt().orElse(null)).setFinishedAt(observed.finishedAt().orElse(null)).build();
    }

    /** A FAILED status before or without a job (dataset build failed, the launch was refused). */
    public static TrainingJobStatus failed(TrainingRequested request, String jobName, Optional<BuiltDataset> dataset,
                                           String reason, Instant at) {
        return builder(request, jobName, dataset, TrainingState.FAILED, Optional.of(reason), at).setFinishedAt(at).build();
    }

    /** A SUCCEEDED status with what the registry needs: model URI, SHA-256, format, metrics, hyperparameters. */
    public static TrainingJobStatus succeeded(TrainingRequested request, String jobName, BuiltDataset dataset,
                                              JobObservation observed, TrainingOutput output, Instant at) {
        Map<String, String> hyperparameters = new java.util.LinkedHashMap<>(output.hyperparameters());
        hyperparameters.putAll(observed.hyperparameters());
        return builder(request, jobName, Optional.of(dataset), TrainingState.SUCCEEDED, Optional.empty(), at)
                .setMetrics(output.metrics()).setHyperparameters(hyperparameters).setModelUri(output.modelUri())
                .setModelSha256(output.modelSha256()).setModelFormat(output.modelFormat())
                .setMetricsUri(output.metricsUri()).setStartedAt(observed.startedAt().orElse(null))
                .setFinishedAt(observed.finishedAt().orElse(at)).build();
    }

    private static TrainingJobStatus.Builder builder(TrainingRequested request, String jobName,
                                                     Optional<BuiltDataset> dataset, TrainingState state,
                                                     Optional<String> reason, Instant at) {
        List<String> causes = new ArrayList<>(List.of(request.getEventId()));
        dataset.ifPresent(d -> d.snapshotEventId().ifPresent(causes::add));
        return TrainingJobStatus.newBuilder().setEventId(eventId(request.getRequestId(), state)).setOccurredAt(at)
                .setCauses(causes).setRequestId(request.getRequestId()).setModel(request.getModel()).setJobName(jobName)
                .setBackend(request.getBackend()).setState(state).setReason(reason.orElse(null))
                .setDatasetId(dataset.map(BuiltDataset::datasetId).orElse(null));
    }
}
