package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * Deduplication of a source: a record whose event id was already seen within the window is dropped
 * (and counted).
 *
 * @param field the event-id field
 * @param window how long an id is remembered
 */
public record DedupeSpec(String field, Duration window) {

    /** Checks the parts are present. */
    public DedupeSpec {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(window, "window");
    }
}
