package dev.flywheel.training.flow;

/** Staging a dataset failed for good: the request fails with this message as its reason. */
public class StagingException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message the reason, as it goes into the FAILED status
     * @param cause what failed, if anything
     */
    public StagingException(String message, Throwable cause) {
        super(message, cause);
    }
}
