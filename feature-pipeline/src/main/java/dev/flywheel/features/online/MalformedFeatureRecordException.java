package dev.flywheel.features.online;

/** A {@code features.<view>} record lacks what the online tier needs (an entity, the event time) or has it in the wrong type. */
public final class MalformedFeatureRecordException extends RuntimeException {

    /** With a message. */
    public MalformedFeatureRecordException(String message) {
        super(message);
    }

    /** With a message and a cause. */
    public MalformedFeatureRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
