package dev.flywheel.training.launch;

import dev.flywheel.schemas.events.TrainingState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a launcher sees of a job now.
 *
 * @param state SUBMITTED, RUNNING, SUCCEEDED or FAILED
 * @param reason why (always set for FAILED)
 * @param startedAt when it started running, if known
 * @param finishedAt when it ended, if it did
 * @param outputUri where the successful run wrote {@code metrics.json} (for a tuning job, the best trial's folder)
 * @param hyperparameters the best trial's parameters (tuning jobs), else empty
 */
public record JobObservation(TrainingState state, Optional<String> reason, Optional<Instant> startedAt,
                             Optional<Instant> finishedAt, Optional<String> outputUri, Map<String, String> hyperparameters) {

    /** Checks the parts and copies the map. */
    public JobObservation {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(outputUri, "outputUri");
        hyperparameters = Map.copyOf(hyperparameters);
        if (state == TrainingState.FAILED && reason.isEmpty()) {
            throw new IllegalArgumentException("a failed job needs a reason");
        }
    }

    /** A job in a state, nothing else known. */
    public static JobObservation of(TrainingState state) {
        return new JobObservation(state, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    /** A failed job. */
    public static JobObservation failed(String reason) {
        return new JobObservation(TrainingState.FAILED, Optional.of(reason), Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of());
    }

    /** Whether the job has ended. */
    public boolean terminal() {
        return state == TrainingState.SUCCEEDED || state == TrainingState.FAILED;
    }
}
