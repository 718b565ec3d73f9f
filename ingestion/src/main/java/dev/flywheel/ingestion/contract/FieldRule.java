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
    private final List<String> allowed;
    private final Set<String> allowedText;
    private final List<BigDecimal> allowedNumbers;
    private final Optional<Pattern> pattern;
    private final OptionalInt minLength;
    private final OptionalInt maxLength;

    FieldRule(FieldContract contract) {
        this.path = new FieldPath(contract.field());
        this.required = contract.required();
        this.min = contract.min();
        this.max = contract.max();
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
        BigDecimal exact = Values.exact(value);
        if (exact == null) {
            out.add(violation(ReasonCodes.CONTRACT_RANGE, "found " + Values.describe(value) + ", expected a finite "
                    + "number" + rangeText()));
            return;
        }
        if (min.isPresent() && exact.compareTo(new BigDecimal(min.getAsDouble())) < 0) {
            out.add(violation(ReasonCodes.CONTRACT_RANGE, "found " + value + ", expected at least "
                    + Values.bound(min.getAsDouble())));
        } else if (max.isPresent() && exact.compareTo(new BigDecimal(max.getAsDouble())) > 0) {
            out.add(violation(ReasonCodes.CONTRACT_RANGE, "found " + value + ", expected at most "
                    + Values.bound(max.getAsDouble())));
        }
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
        } else if (!regex.matcher(text).matches()) {
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
