package dev.flywheel.topology.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * A stage's health at one moment, as an HTTP health endpoint reports it.
 *
 * @param status up, starting or down
 * @param reason why, in words (for example the Kafka Streams state, or the error that stopped it)
 * @param since when the stage entered this status
 */
public record Health(HealthStatus status, String reason, Instant since) {

    /** Checks the parts are present. */
    public Health {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }

    /** Returns whether the stage is up. */
    public boolean isUp() {
        return status == HealthStatus.UP;
    }
}
