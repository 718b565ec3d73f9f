package dev.flywheel.training.flow;

import java.util.Optional;

/** Reads what jobs wrote ({@code metrics.json}), by URI: {@code file:} or {@code s3:}. */
@FunctionalInterface
public interface Outputs {

    /**
     * Reads an object.
     *
     * @param uri its URI
     * @return its bytes, or empty when it does not exist
     */
    Optional<byte[]> read(String uri);
}
