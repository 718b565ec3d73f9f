package dev.flywheel.features.online;

/** A hash field of the online tier holds bytes that are not what Feast's layout says. */
public final class CorruptOnlineValueException extends RuntimeException {

    /** With a message and the parse failure. */
    public CorruptOnlineValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
