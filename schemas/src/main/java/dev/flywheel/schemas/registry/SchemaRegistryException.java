package dev.flywheel.schemas.registry;

import java.util.Optional;

/**
 * A schema registry call failed: the registry answered with an error ({@link #httpStatus()} and
 * {@link #errorCode()} as the server sent them, with the server's message), or it could not be reached
 * ({@link #httpStatus()} is {@link #NO_RESPONSE}) after the configured retries.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Status used when no HTTP response was received (I/O error, timeout). */
    public static final int NO_RESPONSE = -1;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** HTTP status of the response, or {@link #NO_RESPONSE}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code error_code} of the response body, or the HTTP status when the body carried none. */
    public int errorCode() {
        return errorCode;
    }

    /** The error code as a known constant, if it is one. */
    public Optional<RegistryErrorCode> knownErrorCode() {
        return RegistryErrorCode.of(errorCode);
    }

    /** Whether the error is transient: no response, HTTP 5xx or 429. */
    public boolean isRetriable() {
        return httpStatus == NO_RESPONSE || httpStatus >= 500 || httpStatus == 429;
    }

    /** Whether the error says the subject, version or schema does not exist (HTTP 404). */
    public boolean isNotFound() {
        return httpStatus == 404;
    }

    /** Whether the error carries this code. */
    public boolean is(RegistryErrorCode code) {
        return errorCode == code.code();
    }
}
