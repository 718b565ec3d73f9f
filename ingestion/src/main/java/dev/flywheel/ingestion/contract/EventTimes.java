package dev.flywheel.ingestion.contract;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads an event time from a record field: an {@link Instant} (Avro's time conversions), a long or int
 * counted in the unit of the field's logical type (milliseconds when it has none, microseconds for
 * {@code timestamp-micros}, nanoseconds for {@code timestamp-nanos}), or ISO-8601 text.
 */
final class EventTimes {

    private EventTimes() {
    }

    /** Returns the event time at the path, or empty when the value is null or not a time. */
    static Optional<Instant> read(GenericRecord record, FieldPath path) {
        Object value = path.valueIn(record);
        if (value instanceof Instant instant) {
            return Optional.of(instant);
        }
        if (value instanceof Long || value instanceof Integer) {
            return Optional.of(fromNumber(((Number) value).longValue(), path.schemaIn(record.getSchema())));
        }
        if (value instanceof CharSequence text) {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException notIso) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Describes the value at the path, for a message saying why it is not an event time. */
    static String describe(GenericRecord record, FieldPath path) {
        Object value = path.valueIn(record);
        return value == null ? "null" : Values.describe(value);
    }

    private static Instant fromNumber(long value, Schema schema) {
        LogicalType type = schema == null ? null : schema.getLogicalType();
        if (type instanceof LogicalTypes.TimestampMicros || type instanceof LogicalTypes.LocalTimestampMicros) {
            return Instant.EPOCH.plusNanos(Math.multiplyExact(value, 1_000L));
        }
        if (type instanceof LogicalTypes.TimestampNanos || type instanceof LogicalTypes.LocalTimestampNanos) {
            return Instant.EPOCH.plusNanos(value);
        }
        return Instant.ofEpochMilli(value);
    }
}
