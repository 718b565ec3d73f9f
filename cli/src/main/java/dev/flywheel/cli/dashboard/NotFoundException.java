package dev.flywheel.cli.dashboard;

/** A request for something that does not exist: the dashboard answers 404 with the message. */
public final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates it.
     *
     * @param message what was not found, and what there is instead
     */
    public NotFoundException(String message) {
        super(message);
    }
}
