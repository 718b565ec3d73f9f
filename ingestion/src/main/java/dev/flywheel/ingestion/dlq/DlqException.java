package dev.flywheel.ingestion.dlq;

/** A dead-letter topic cannot be read or replayed; the message says why and what to check. */
public final class DlqException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean missingTopic;

    /**
     * Creates the exception.
     *
     * @param message what failed and what to check
     * @param cause the underlying failure, may be null
     */
    public DlqException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private DlqException(String message, Throwable cause, boolean missingTopic) {
        super(message, cause);
        this.missingTopic = missingTopic;
    }

    /** The topic does not exist. */
    static DlqException missingTopic(String topic) {
        return new DlqException("Topic " + topic + " does not exist", null, true);
    }

    /** Returns whether the failure is that the topic does not exist. */
    public boolean isMissingTopic() {
        return missingTopic;
    }
}
