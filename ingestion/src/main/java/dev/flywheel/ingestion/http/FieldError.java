package dev.flywheel.ingestion.http;

import java.util.Objects;

/**
 * One problem with one record of an ingest request.
 *
 * @param field where: a dotted path with array indexes ({@code items[2].price}); empty for the record itself
 * @param reason a stable reason code ({@link IngestReasons} or {@link dev.flywheel.schemas.ReasonCodes})
 * @param message what was found and what was expected
 */
public record FieldError(String field, String reason, String message) {

    /** Checks the parts are present. */
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
