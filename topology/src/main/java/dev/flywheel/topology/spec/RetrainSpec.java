package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When a model is retrained. With no trigger at all, it is retrained only by hand.
 *
 * @param onDrift retrain on drift, if set
 * @param onNewRows retrain once this many new rows arrived since the last training, if set
 * @param schedule retrain at this interval, if set
 * @param cooldown the least time between two requests
 * @param maxConcurrent the most jobs of this model running at once
 * @param coalesce events within this span make one request listing all their causes
 */
public record RetrainSpec(Optional<DriftTrigger> onDrift, OptionalLong onNewRows, Optional<Duration> schedule,
                          Duration cooldown, int maxConcurrent, Duration coalesce) {

    /** Cooldown when a spec does not say. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(1);

    /** Coalescing span when a spec does not say. */
    public static final Duration DEFAULT_COALESCE = Duration.ofSeconds(30);

    /** Retraining by hand only. */
    public static final RetrainSpec MANUAL = new RetrainSpec(Optional.empty(), OptionalLong.empty(),
            Optional.empty(), DEFAULT_COOLDOWN, 1, DEFAULT_COALESCE);

    /** Checks the parts are present. */
    public RetrainSpec {
        Objects.requireNonNull(onDrift, "onDrift");
        Objects.requireNonNull(onNewRows, "onNewRows");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(coalesce, "coalesce");
    }
}
