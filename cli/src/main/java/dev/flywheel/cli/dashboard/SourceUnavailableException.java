package dev.flywheel.cli.dashboard;

/** A source of the dashboard (Kafka, the registry's stores) cannot answer now; the API answers 503. */
public final class SourceUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates one.
     *
     * @param message what could not be read, in words
     * @param cause the failure
     */
    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
