package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.ReasonCodes;

/** The schema id in a payload's header is not known to the schema registry. */
public final class UnknownSchemaIdException extends InvalidPayloadException {

    private static final long serialVersionUID = 1L;

    UnknownSchemaIdException(String topic, int schemaId, String registry, Throwable cause) {
        super(topic, schemaId, "Unknown schema id " + schemaId + " in a record of topic '" + topic
                + "': schema registry " + registry + " has no schema with this id", cause);
    }

    @Override
    public String reasonCode() {
        return ReasonCodes.UNKNOWN_SCHEMA_ID;
    }
}
