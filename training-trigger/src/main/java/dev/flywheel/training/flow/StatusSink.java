package dev.flywheel.training.flow;

import dev.flywheel.schemas.events.TrainingJobStatus;

/** Where status events go: {@code flywheel.training}, keyed by request id. */
@FunctionalInterface
public interface StatusSink {

    /** Publishes a status; returns once it is acknowledged. */
    void publish(TrainingJobStatus status);
}
