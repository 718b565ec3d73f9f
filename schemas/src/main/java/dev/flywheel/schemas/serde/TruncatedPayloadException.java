package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.ReasonCodes;

/**
 * A payload ends too early: fewer than 5 bytes, or an Avro body shorter than its writer schema requires
 * (including a length or item count larger than the bytes that are left).
 */
public final class TruncatedPayloadException extends InvalidPayloadException {

    private static final long serialVersionUID = 1L;

    TruncatedPayloadException(String topic, Integer schemaId, String detail) {
        this(topic, schemaId, detail, null);
    }

    TruncatedPayloadException(String topic, Integer schemaId, String detail, Throwable cause) {
        super(topic, schemaId, "Truncated record in " + where(topic, schemaId) + ": " + detail, cause);
    }

    @Override
    public String reasonCode() {
        return ReasonCodes.TRUNCATED;
    }
}
