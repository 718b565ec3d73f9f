package dev.flywheel.platform.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * The compatibility rules a subject's next schema version must satisfy, as named by Confluent Schema
 * Registry.
 *
 * <p>{@code BACKWARD}: the new schema reads data written with the previous one; {@code FORWARD}: the
 * previous schema reads data written with the new one; {@code FULL}: both. The plain levels compare with
 * the latest non-deleted version only, the {@code _TRANSITIVE} ones with every non-deleted version.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** True when the new schema must read data written with earlier versions. */
    public boolean backward() {
        return backward;
    }

    /** True when earlier versions must read data written with the new schema. */
    public boolean forward() {
        return forward;
    }

    /** True when every non-deleted version counts, not only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /** The level with this name, ignoring case, as Confluent accepts {@code "backward"} too. */
    public static Optional<CompatibilityLevel> forName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
