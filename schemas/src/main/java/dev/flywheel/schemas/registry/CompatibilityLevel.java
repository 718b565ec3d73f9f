package dev.flywheel.schemas.registry;

import java.util.Locale;

/**
 * Compatibility levels of a Confluent-compatible schema registry.
 *
 * <p>BACKWARD: the new schema reads data written with the latest version. FORWARD: the latest version
 * reads data written with the new one. FULL: both. The {@code _TRANSITIVE} variants check against every
 * non-deleted version instead of the latest only. NONE: no check.
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /** Whether new schemas must be able to read data written with existing ones. */
    public boolean checksBackward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** Whether existing schemas must be able to read data written with new ones. */
    public boolean checksForward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** Whether the check covers every non-deleted version rather than the latest only. */
    public boolean isTransitive() {
        return name().endsWith("_TRANSITIVE");
    }

    /**
     * Parses a level as the registry spells it, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code text} is not a level
     */
    public static CompatibilityLevel parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Unknown compatibility level '" + text + "'; expected one of "
                    + java.util.Arrays.toString(values()), e);
        }
    }
}
