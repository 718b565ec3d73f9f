package dev.flywheel.training.policy;

import dev.flywheel.schemas.events.Severity;
import java.time.Duration;
import java.util.Objects;

/**
 * How the policy topology runs.
 *
 * @param minSeverity the least drift severity that may trigger a retraining
 * @param tick how often (wall clock) pending causes, cooldowns and schedules are checked
 * @param partitions partitions of the repartition topic (so the policy knows which models its task owns)
 */
public record PolicySettings(Severity minSeverity, Duration tick, int partitions) {

    /** Checks the values. */
    public PolicySettings {
        Objects.requireNonNull(minSeverity, "minSeverity");
        Objects.requireNonNull(tick, "tick");
        if (tick.toMillis() < 10) {
            throw new IllegalArgumentException("tick must be at least 10 ms, was " + tick);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
    }
}
