package dev.flywheel.training.flow;

import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * Counts the statuses a sink publishes, {@code flywheel.training.jobs{model,state}} (one per state a job reaches:
 * submitted, running, succeeded, failed), and times finished jobs from start to end,
 * {@code flywheel.training.job.duration{model,state}}. Counted once acknowledged, so a status that could not be
 * published is not counted.
 */
public final class MeteredStatusSink implements StatusSink {

    static final String JOBS = "flywheel.training.jobs";
    static final String DURATION = "flywheel.training.job.duration";

    private final StatusSink delegate;
    private final MeterRegistry meters;

    /**
     * Wraps a sink.
     *
     * @param delegate where the statuses go
     * @param meters where they are counted
     */
    public MeteredStatusSink(StatusSink delegate, MeterRegistry meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    @Override
    public void publish(TrainingJobStatus status) {
        delegate.publish(status);
        String state = status.getState().name().toLowerCase(Locale.ROOT);
        Counter.builder(JOBS).tag("model", status.getModel()).tag("state", state)
                .description("Training jobs that reached a state").register(meters).increment();
        boolean finished = status.getState() == TrainingState.SUCCEEDED || status.getState() == TrainingState.FAILED;
        if (finished && status.getStartedAt() != null && status.getFinishedAt() != null) {
            Timer.builder(DURATION).tag("model", status.getModel()).tag("state", state)
                    .description("Time from a training job's start to its end").register(meters)
                    .record(Duration.between(status.getStartedAt(), status.getFinishedAt()));
        }
    }
}
