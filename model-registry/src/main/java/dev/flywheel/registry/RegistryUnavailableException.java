package dev.flywheel.registry;

/** The registry cannot answer now: its stores are restoring or rebalancing, or the command topic cannot be written. Retriable. */
public final class RegistryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     */
    public RegistryUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
