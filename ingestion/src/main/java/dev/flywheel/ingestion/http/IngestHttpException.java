package dev.flywheel.ingestion.http;

import java.util.List;

/** Refuses a whole ingest request with an HTTP status, a reason code and a message for the caller. */
final class IngestHttpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String reason;
    private final transient List<String> sources;

    IngestHttpException(int status, String reason, String message) {
        this(status, reason, message, null, null);
    }

    IngestHttpException(int status, String reason, String message, List<String> sources, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reason = reason;
        this.sources = sources;
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }

    /** The known sources, for an unknown-source answer; null otherwise. */
    List<String> sources() {
        return sources;
    }
}
