package dev.flywheel.topology.topics;

/** Thrown when provisioning cannot reach the cluster or is refused (after bounded retries). */
public final class ProvisioningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause why
     */
    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
