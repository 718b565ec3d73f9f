package dev.flywheel.ingestion.contract;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One way a record breaks its source's data contract or event-time bounds.
 *
 * @param reasonCode a stable reason code from {@link dev.flywheel.schemas.ReasonCodes}
 * @param field the field at fault as a dotted path ({@code payment.amount}); null for event-time bounds
 * @param message what was found and what was expected, starting with the field name when there is one
 */
public record Violation(String reasonCode, String field, String message) {

    /** Checks the reason code and message are present. */
    public Violation {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Joins the messages of several violations into one line, for a DLQ record or an HTTP answer.
     *
     * @param violations the violations, in the order {@link ContractValidator#check} returned them
     * @return the messages separated by {@code "; "}
     */
    public static String summary(List<Violation> violations) {
        return violations.stream().map(Violation::message).collect(Collectors.joining("; "));
    }
}
