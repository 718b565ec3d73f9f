package dev.flywheel.features.view;

import java.util.Objects;

/**
 * One entity key field of a view, with the type it has in the source (and keeps in the output).
 *
 * @param name the field name
 * @param type {@link ValueType#STRING}, {@link ValueType#INT} or {@link ValueType#LONG}
 */
public record EntityField(String name, ValueType type) {

    /** Checks the parts are present. */
    public EntityField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
