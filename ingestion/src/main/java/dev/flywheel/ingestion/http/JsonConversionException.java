package dev.flywheel.ingestion.http;

import java.util.List;
import java.util.stream.Collectors;

/** A JSON value does not fit an Avro schema; {@link #errors()} names every field at fault. */
public final class JsonConversionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    JsonConversionException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field().isEmpty() ? e.message() : e.field() + ": " + e.message())
                .collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    /** Every problem found, in schema field order (at most {@link JsonToAvro#MAX_ERRORS}). */
    public List<FieldError> errors() {
        return errors;
    }
}
