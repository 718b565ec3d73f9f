package dev.flywheel.features.serving;

import feast.proto.types.ValueProto.ValueType;
import java.util.Objects;

/**
 * A join key of a view and the type its values are stored with.
 *
 * @param name the join key
 * @param type {@code STRING}, {@code INT32}, {@code INT64} or {@code BYTES}
 */
public record EntityField(String name, ValueType.Enum type) {

    /** Checks the type can key a Feast row. */
    public EntityField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (type != ValueType.Enum.STRING && type != ValueType.Enum.INT32 && type != ValueType.Enum.INT64
                && type != ValueType.Enum.BYTES) {
            throw new IllegalArgumentException("entity '" + name + "' cannot be of type " + type
                    + "; Feast keys are STRING, INT32, INT64 or BYTES");
        }
    }
}
