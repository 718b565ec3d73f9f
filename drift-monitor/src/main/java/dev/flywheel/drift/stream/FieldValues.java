package dev.flywheel.drift.stream;

import java.time.Instant;
import org.apache.avro.generic.GenericRecord;

/** Reads the fields of external records (predictions, labels): numbers, booleans as 0/1, event times. */
final class FieldValues {

    private FieldValues() {
    }

    /**
     * Returns a field as a number: a number as it is, a boolean as 1 or 0; else (absent, null, text) NaN.
     */
    static double number(GenericRecord record, String field) {
        Object value = record.hasField(field) ? record.get(field) : null;
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Boolean flag) {
            return flag ? 1 : 0;
        }
        return Double.NaN;
    }

    /** Returns a field as text, or null when absent. */
    static String text(GenericRecord record, String field) {
        Object value = record.hasField(field) ? record.get(field) : null;
        return value == null ? null : value.toString();
    }

    /**
     * Returns the event time in a field (epoch milliseconds, or an {@link Instant}); the fallback when the
     * field is absent or holds something else.
     */
    static long eventTime(GenericRecord record, String field, long fallback) {
        Object value = record.hasField(field) ? record.get(field) : null;
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        return fallback;
    }
}
