package dev.flywheel.features.offline;

/** An S3 call of the offline tier failed, past its retries when {@link #retriable()}. */
public final class OfflineStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    /**
     * A failure.
     *
     * @param message what was attempted and what went wrong
     * @param retriable whether trying again later may succeed (the server was out of reach or overloaded)
     * @param cause the SDK's exception
     */
    public OfflineStoreException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** Whether trying again later may succeed. */
    public boolean retriable() {
        return retriable;
    }
}
