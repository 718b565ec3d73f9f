package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.ReasonCodes;

/**
 * An Avro body does not match its writer schema: an invalid union or enum index, a negative length, an
 * over-long varint, an invalid boolean, or bytes left over after the record.
 */
public final class CorruptPayloadException extends InvalidPayloadException {

    private static final long serialVersionUID = 1L;

    CorruptPayloadException(String topic, int schemaId, String writerName, String detail, Throwable cause) {
        super(topic, schemaId, "Corrupt record in " + where(topic, schemaId) + ": the Avro body does not match "
                + "writer schema " + writerName + ": " + detail, cause);
    }

    @Override
    public String reasonCode() {
        return ReasonCodes.CORRUPT_BODY;
    }
}
