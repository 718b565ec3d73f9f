package dev.flywheel.cli.kafka;

/** Kafka refused, or did not answer within the timeout, a query of the CLI or the dashboard. */
public final class KafkaQueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A failed query.
     *
     * @param message what was asked and what went wrong, in one line
     * @param cause the client's exception
     */
    public KafkaQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
