package dev.flywheel.registry;

/** A model or version that does not exist. */
public final class RegistryNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     */
    public RegistryNotFoundException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public RegistryNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
