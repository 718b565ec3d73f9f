package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.ReasonCodes;

/**
 * The payload's writer schema cannot be read as this deserializer must read it: the pinned reader schema
 * cannot resolve it, no generated class exists for it, or it is not an Avro schema.
 */
public final class IncompatibleWriterSchemaException extends InvalidPayloadException {

    private static final long serialVersionUID = 1L;

    IncompatibleWriterSchemaException(String topic, int schemaId, String detail, Throwable cause) {
        super(topic, schemaId, "Cannot read record of " + where(topic, schemaId) + ": " + detail, cause);
    }

    @Override
    public String reasonCode() {
        return ReasonCodes.INCOMPATIBLE_SCHEMA;
    }
}
