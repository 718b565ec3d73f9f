package dev.flywheel.registry;

/** A command that cannot apply to the registry's current state (the version is already the champion, nothing to roll back to). */
public final class RegistryConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     */
    public RegistryConflictException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public RegistryConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
