package dev.flywheel.features.serving;

/**
 * A request serving cannot answer, with the reason as a kind that maps onto a gRPC status (and an HTTP status).
 */
public final class ServingException extends RuntimeException {

    /** Why. */
    public enum Kind {
        /** The request is malformed: a bad reference, a missing or mistyped entity, no rows (INVALID_ARGUMENT, 400). */
        INVALID_ARGUMENT,
        /** A view or feature that does not exist (NOT_FOUND, 404). */
        NOT_FOUND,
        /** Something Flywheel does not offer, such as feature services (UNIMPLEMENTED, 501). */
        UNIMPLEMENTED,
        /** The online tier is out of reach for now (UNAVAILABLE, 503). */
        UNAVAILABLE,
        /** The online tier refused or holds data not in Feast's format (INTERNAL, 500). */
        INTERNAL
    }

    private final Kind kind;

    /** With a kind and a message. */
    public ServingException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** With a kind, a message and a cause. */
    public ServingException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The reason. */
    public Kind kind() {
        return kind;
    }
}
