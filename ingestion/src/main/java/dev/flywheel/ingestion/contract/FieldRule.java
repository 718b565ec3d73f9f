package dev.flywheel.ingestion.contract;

import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.topology.spec.FieldContract;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericRecord;

/**
 * The compiled contract of one field: the pattern compiled and the allowed values indexed once, so
 * checking a record costs a field lookup and a few comparisons per rule.
 */
final class FieldRule {

    private final FieldPath path;
    private final boolean required;
    private final OptionalDouble min;
    private final OptionalDouble max;
    /** The bounds for direct comparison of doubles (and of integers doubles hold exactly); infinite when absent. */
    private final double minValue;
    private final double maxValue;
    /** The bounds exactly, for numbers a double cannot hold (longs beyond 2^53, big integers and decimals). */
    private final BigDecimal minExact;
    private final BigDecimal maxExact;
    private final List<String> allowed;
    private final Set<String> allowedText;
    private final List<BigDecimal> allowedNumbers;
    private final Optional<Pattern> pattern;
    /** One matcher per thread for the pattern (the rule is shared by stream threads and HTTP handlers). */
    private final ThreadLocal<Matcher> matchers;
    private final OptionalInt minLength;
    private final OptionalInt maxLength;

    FieldRule(FieldContract contract) {
        this.path = new FieldPath(contract.field());
        this.required = contract.required();
        this.min = contract.min();
        this.max = contract.max();
        this.minValue = min.orElse(Double.NEGATIVE_INFINITY);
        this.maxValue = max.orElse(Double.POSITIVE_INFINITY);
        this.minExact = min.isPresent() ? new BigDecimal(min.getAsDouble()) : null;
        this.maxExact = max.isPresent() ? new BigDecimal(max.getAsDouble()) : null;
        this.allowed = contract.allowed();
        this.allowedText = new HashSet<>(contract.allowed());
        this.allowedNumbers = new ArrayList<>();
        for (String value : contract.allowed()) {
            try {
                allowedNumbers.add(new BigDecimal(value.trim()));
            } catch (NumberFormatException notANumber) {
                // a text value: matched by allowedText only
            }
        }
        this.pattern = contract.pattern().map(Pattern::compile);
        this.matchers = pattern.map(regex -> ThreadLocal.withInitial(() -> regex.matcher(""))).orElse(null);
        this.minLength = contract.minLength();
        this.maxLength = contract.maxLength();
    }

    String field() {
        return path.text();
    }

    boolean required() {
        return required;
    }

    /** Adds this field's violations, in rule order: required, range, allowed, pattern, length. */
    void check(GenericRecord record, List<Violation> out) {
        Object value = path.valueIn(record);
        if (value == null) {
            if (required) {
                out.add(violation(ReasonCodes.CONTRACT_REQUIRED, "found null or missing, expected a value (required)"));
            }
            return;
        }
        if (min.isPresent() || max.isPresent()) {
            range(value, out);
        }
        if (!allowed.isEmpty() && !isAllowed(value)) {
            out.add(violation(ReasonCodes.CONTRACT_ALLOWED, "found " + Values.describe(value) + ", expected one of "
                    + allowed));
        }
        pattern.ifPresent(regex -> pattern(value, regex, out));
        if (minLength.isPresent() || maxLength.isPresent()) {
            length(value, out);
        }
    }

    private void range(Object value, List<Violation> out) {
        int position = position(value);
        if (position == NOT_A_NUMBER) {
            out.add(violation(ReasonCodes.CONTRACT_RANGE, "found " + Values.describe(value) + ", expected a finite "
                    + "number" + rangeText()));
        } else if (position < 0) {
            out.add(violation(ReasonCodes.CONTRACT_RANGE, "found " + value + ", expected at least "
                    + Values.bound(min.getAsDouble())));
        } else if (position > 0) {
            out.add(violation(ReasonCodes.CONTRACT_RANGE, "found " + value + ", expected at most "
                    + Values.bound(max.getAsDouble())));
        }
    }

    private static final int NOT_A_NUMBER = 2;
    /** Integers up to this magnitude convert to double exactly. */
    private static final long EXACT_IN_DOUBLE = 1L << 53;

    /**
     * Where a value lies against the bounds, compared exactly: -1 below min, 1 above max, 0 within, or
     * {@link #NOT_A_NUMBER}. Doubles compare with the (double) bounds directly and so do integers a double holds
     * exactly; other numbers go through {@link BigDecimal}, so no number is rounded before it is compared.
     */
    private int position(Object value) {
        double d;
        if (value instanceof Double || value instanceof Float) {
            d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                return NOT_A_NUMBER;
            }
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            d = ((Number) value).intValue();
        } else if (value instanceof Long l && l >= -EXACT_IN_DOUBLE && l <= EXACT_IN_DOUBLE) {
            d = l;
        } else {
            BigDecimal exact = Values.exact(value);
            if (exact == null) {
                return NOT_A_NUMBER;
            }
            return minExact != null && exact.compareTo(minExact) < 0 ? -1
                    : maxExact != null && exact.compareTo(maxExact) > 0 ? 1 : 0;
        }
        return d < minValue ? -1 : d > maxValue ? 1 : 0;
    }

    private String rangeText() {
        if (min.isPresent() && max.isPresent()) {
            return " between " + Values.bound(min.getAsDouble()) + " and " + Values.bound(max.getAsDouble());
        }
        return min.isPresent() ? " of at least " + Values.bound(min.getAsDouble())
                : " of at most " + Values.bound(max.getAsDouble());
    }

    private boolean isAllowed(Object value) {
        BigDecimal exact = Values.exact(value);
        if (exact != null) {
            for (BigDecimal number : allowedNumbers) {
                if (number.compareTo(exact) == 0) {
                    return true;
                }
            }
        }
        return allowedText.contains(value.toString());
    }

    private void pattern(Object value, Pattern regex, List<Violation> out) {
        String text = Values.text(value);
        if (text == null) {
            out.add(violation(ReasonCodes.CONTRACT_PATTERN, "found " + Values.describe(value)
                    + ", expected a string matching '" + regex.pattern() + "'"));
        } else if (!matchers.get().reset(text).matches()) {
            out.add(violation(ReasonCodes.CONTRACT_PATTERN, "found " + Values.describe(value)
                    + ", expected a match of the whole pattern '" + regex.pattern() + "'"));
        }
    }

    private void length(Object value, List<Violation> out) {
        int length = Values.length(value);
        if (length < 0) {
            out.add(violation(ReasonCodes.CONTRACT_LENGTH, "found " + Values.describe(value)
                    + ", expected a string, bytes, array or map"));
        } else if (minLength.isPresent() && length < minLength.getAsInt()) {
            out.add(violation(ReasonCodes.CONTRACT_LENGTH, "found length " + length + " (" + Values.describe(value)
                    + "), expected at least " + minLength.getAsInt()));
        } else if (maxLength.isPresent() && length > maxLength.getAsInt()) {
            out.add(violation(ReasonCodes.CONTRACT_LENGTH, "found length " + length + " (" + Values.describe(value)
                    + "), expected at most " + maxLength.getAsInt()));
        }
    }

    private Violation violation(String reasonCode, String text) {
        return new Violation(reasonCode, path.text(), path.text() + ": " + text);
    }
}
