package dev.flywheel.registry.artifact;

/**
 * An artifact store could not be read now (I/O error, store away). Retriable: the artifact may well exist, so
 * the registry fails the task and reads the training status again rather than rejecting the model.
 */
public final class ArtifactAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be read
     * @param cause the underlying failure
     */
    public ArtifactAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
