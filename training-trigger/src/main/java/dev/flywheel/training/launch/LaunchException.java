package dev.flywheel.training.launch;

/** A backend refused a job for good (or kept failing past the retries); the message is the FAILED reason. */
public final class LaunchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the reason, e.g. {@code HTTP 403 creating Job fw-x: forbidden}
     * @param cause the underlying failure
     */
    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
