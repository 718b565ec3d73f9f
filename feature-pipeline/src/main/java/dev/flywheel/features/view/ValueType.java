package dev.flywheel.features.view;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * The scalar types a feature or an entity key can have, and the one place values read from a source
 * record are normalized into Java values of that type ({@code Utf8} and enum symbols become
 * {@code String}, numbers are widened or narrowed to the declared type).
 */
public enum ValueType {
    /** Avro {@code string} (also source enums). */
    STRING(Schema.Type.STRING),
    /** Avro {@code int}. */
    INT(Schema.Type.INT),
    /** Avro {@code long}. */
    LONG(Schema.Type.LONG),
    /** Avro {@code float}. */
    FLOAT(Schema.Type.FLOAT),
    /** Avro {@code double}. */
    DOUBLE(Schema.Type.DOUBLE),
    /** Avro {@code boolean}. */
    BOOLEAN(Schema.Type.BOOLEAN);

    private final Schema.Type avroType;

    ValueType(Schema.Type avroType) {
        this.avroType = avroType;
    }

    /** Returns the Avro schema of this type. */
    public Schema schema() {
        return Schema.create(avroType);
    }

    /** Returns whether values of this type are numbers. */
    public boolean numeric() {
        return this == INT || this == LONG || this == FLOAT || this == DOUBLE;
    }

    /** Returns whether values of this type are whole numbers. */
    public boolean integral() {
        return this == INT || this == LONG;
    }

    /**
     * Returns the type of an Avro schema: a scalar, or a union of one scalar with {@code null}.
     *
     * @param schema the schema of a source field
     * @return the type, or null when the schema is none of the supported scalars
     */
    public static ValueType of(Schema schema) {
        Schema single = schema;
        if (schema.getType() == Schema.Type.UNION) {
            var branches = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
            if (branches.size() != 1) {
                return null;
            }
            single = branches.get(0);
        }
        return switch (single.getType()) {
            case STRING, ENUM -> STRING;
            case INT -> single.getLogicalType() == null ? INT : null;
            case LONG -> LONG;
            case FLOAT -> FLOAT;
            case DOUBLE -> DOUBLE;
            case BOOLEAN -> BOOLEAN;
            default -> null;
        };
    }

    /**
     * Normalizes a value read from a record into this type.
     *
     * @param value a value as Avro's generic model reads it, or null
     * @return the value as {@code String}, {@code Integer}, {@code Long}, {@code Float}, {@code Double} or
     *     {@code Boolean}; null for null
     * @throws IllegalArgumentException when the value cannot be of this type
     */
    public Object normalize(Object value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case STRING -> value instanceof CharSequence || value instanceof org.apache.avro.generic.GenericEnumSymbol<?>
                    ? value.toString() : fail(value);
            case INT -> value instanceof Number n ? Integer.valueOf(n.intValue()) : fail(value);
            case LONG -> value instanceof Number n ? Long.valueOf(n.longValue()) : fail(value);
            case FLOAT -> value instanceof Number n ? Float.valueOf(n.floatValue()) : fail(value);
            case DOUBLE -> value instanceof Number n ? Double.valueOf(n.doubleValue()) : fail(value);
            case BOOLEAN -> value instanceof Boolean ? value : fail(value);
        };
    }

    private Object fail(Object value) {
        throw new IllegalArgumentException("a " + value.getClass().getSimpleName() + " is not a "
                + name().toLowerCase(Locale.ROOT) + " value");
    }

}
