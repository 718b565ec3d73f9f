package dev.flywheel.topology.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The data contract of one field of a source record; the ingestion stage rejects records that break it.
 *
 * @param field the field name (dots address nested fields)
 * @param required whether the field must be present and non-null
 * @param min smallest allowed numeric value, inclusive
 * @param max largest allowed numeric value, inclusive
 * @param allowed the only values allowed, as text; empty list means any value
 * @param pattern a regular expression the whole string value must match
 * @param minLength shortest allowed string length
 * @param maxLength longest allowed string length
 */
public record FieldContract(String field, boolean required, OptionalDouble min, OptionalDouble max,
                            List<String> allowed, Optional<String> pattern, OptionalInt minLength,
                            OptionalInt maxLength) {

    /** Checks the parts are present and copies the list. */
    public FieldContract {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(minLength, "minLength");
        Objects.requireNonNull(maxLength, "maxLength");
        allowed = List.copyOf(allowed);
    }
}
