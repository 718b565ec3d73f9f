package dev.flywheel.features.dataset;

import org.apache.avro.Schema;

/**
 * How the columnar join holds a feature's values: booleans, ints and longs in {@code long} slots, floats and doubles
 * in {@code double} slots (both exact), text as {@link String}.
 */
enum ValueKind {
    BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING;

    /** The kind of an Avro type (its non-null branch); enums and unknown types are text. */
    static ValueKind of(Schema type) {
        if (type == null) {
            return STRING;
        }
        return switch (Values.nonNull(type).getType()) {
            case BOOLEAN -> BOOLEAN;
            case INT -> INT;
            case LONG -> LONG;
            case FLOAT -> FLOAT;
            case DOUBLE -> DOUBLE;
            case STRING, ENUM -> STRING;
            default -> throw new IllegalArgumentException("features of type " + type
                    + " are not supported (supported: booleans, numbers, text, timestamps)");
        };
    }

    /** Whether values of this kind sit in the {@code double} slots. */
    boolean floating() {
        return this == FLOAT || this == DOUBLE;
    }
}
