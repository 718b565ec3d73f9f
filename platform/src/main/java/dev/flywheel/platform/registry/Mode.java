package dev.flywheel.platform.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * What a registry, or one subject of it, accepts, as named by Confluent Schema Registry.
 *
 * <p>{@code READWRITE} (the default) accepts every request; {@code READONLY} rejects writes;
 * {@code READONLY_OVERRIDE} set globally rejects writes whatever the subjects say; {@code IMPORT}
 * accepts schemas with explicit ids and versions and skips compatibility checks, for copying a registry.
 */
public enum Mode {
    READWRITE,
    READONLY,
    READONLY_OVERRIDE,
    IMPORT;

    /** True for the two modes that reject writes. */
    public boolean readOnly() {
        return this == READONLY || this == READONLY_OVERRIDE;
    }

    /** The mode with this name, ignoring case. */
    public static Optional<Mode> forName(String name) {
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
