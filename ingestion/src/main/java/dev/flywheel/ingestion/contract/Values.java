package dev.flywheel.ingestion.contract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.generic.GenericEnumSymbol;

/** How contract rules see Avro values: as numbers, text and sizes, and how messages print them. */
final class Values {

    private static final int MAX_SHOWN = 80;

    private Values() {
    }

    /** Returns the exact value of an integral or decimal number, or null for other values (and NaN, infinities). */
    static BigDecimal exact(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? new BigDecimal(d) : null;
        }
        return null;
    }

    /** Returns the text of a string or enum symbol, or null for other values. */
    static String text(Object value) {
        if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?> || value instanceof Enum<?>) {
            return value.toString();
        }
        return null;
    }

    /** Returns the length of a string (code points), bytes, array or map, or -1 for other values. */
    static int length(Object value) {
        if (value instanceof CharSequence text) {
            String s = text.toString();
            return s.codePointCount(0, s.length());
        }
        if (value instanceof ByteBuffer bytes) {
            return bytes.remaining();
        }
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof Collection<?> items) {
            return items.size();
        }
        if (value instanceof Map<?, ?> entries) {
            return entries.size();
        }
        return -1;
    }

    /** Prints a value for a message: text quoted and shortened, other values with their kind when unclear. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = text(value);
        if (text != null) {
            return "'" + shorten(text) + "'";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        if (value instanceof Boolean) {
            return "boolean " + value;
        }
        if (length(value) >= 0) {
            return kind(value) + " of size " + length(value);
        }
        return kind(value) + " " + shorten(value.toString());
    }

    /** Prints a contract bound: whole numbers without a decimal point. */
    static String bound(double bound) {
        if (bound == Math.rint(bound) && Math.abs(bound) < 1e15) {
            return Long.toString((long) bound);
        }
        return Double.toString(bound);
    }

    private static String kind(Object value) {
        if (value instanceof ByteBuffer || value instanceof byte[]) {
            return "bytes";
        }
        if (value instanceof Collection<?>) {
            return "array";
        }
        if (value instanceof Map<?, ?>) {
            return "map";
        }
        if (value instanceof org.apache.avro.generic.IndexedRecord) {
            return "record";
        }
        return value.getClass().getSimpleName();
    }

    private static String shorten(String text) {
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
    }
}
