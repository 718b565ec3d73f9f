package dev.flywheel.features.online;

/**
 * Redis could not do what the online tier asked. {@link #retriable()} says whether trying again later can help
 * (the server was out of reach or busy past the retries) or not (wrong type at a key, refused credentials, a
 * script error): the caller decides whether to rewind and wait, or to stop.
 */
public final class OnlineStoreException extends RuntimeException {

    private final boolean retriable;

    /** With a message, whether it is retriable, and the cause. */
    public OnlineStoreException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** Whether a later attempt may succeed. */
    public boolean retriable() {
        return retriable;
    }
}
