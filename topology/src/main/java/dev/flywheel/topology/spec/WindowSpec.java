package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * A feature's time window.
 *
 * @param kind tumbling, hopping or sliding
 * @param size the window size
 * @param hop how far a hopping window advances; equal to {@code size} for tumbling and sliding windows
 */
public record WindowSpec(WindowKind kind, Duration size, Duration hop) {

    /** Checks the parts are present. */
    public WindowSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(hop, "hop");
    }
}
