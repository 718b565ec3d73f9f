package dev.flywheel.cli.demo;

/** The loop did not reach a step in time, or a step failed; the message is one line that says which. */
public final class LoopIncompleteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one line: the step and what was seen last */
    public LoopIncompleteException(String message) {
        super(message);
    }
}
