package dev.flywheel.features.replay;

/** A replay that could not be planned, run or finished; the message says what and why. */
public final class ReplayException extends RuntimeException {

    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
