package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Event-time sanity limits of a source: records too far in the future or too old are rejected.
 *
 * @param maxFutureSkew how far after the ingest time an event time may be
 * @param maxAge how far before the ingest time an event time may be; empty means no limit
 */
public record TimeBounds(Duration maxFutureSkew, Optional<Duration> maxAge) {

    /** The future skew allowed when a spec does not say: clocks of producers drift. */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    /** Limits that allow {@link #DEFAULT_MAX_FUTURE_SKEW} and any age. */
    public static final TimeBounds DEFAULT = new TimeBounds(DEFAULT_MAX_FUTURE_SKEW, Optional.empty());

    /** Checks the parts are present. */
    public TimeBounds {
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(maxAge, "maxAge");
    }
}
