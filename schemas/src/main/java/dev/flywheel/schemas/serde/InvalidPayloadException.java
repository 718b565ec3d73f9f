package dev.flywheel.schemas.serde;

import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The bytes of a record cannot be decoded: the record itself is at fault, so a stage should route it to its
 * dead-letter queue with {@link #reasonCode()} rather than stop. Contrast with
 * {@link SchemaRegistryAccessException}, where the registry is at fault and the record may be fine.
 */
public abstract sealed class InvalidPayloadException extends SerializationException
        permits WrongMagicByteException, UnknownSchemaIdException, TruncatedPayloadException, CorruptPayloadException,
        IncompatibleWriterSchemaException {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Integer schemaId;

    InvalidPayloadException(String topic, Integer schemaId, String message, Throwable cause) {
        super(message, cause);
        this.topic = topic;
        this.schemaId = schemaId;
    }

    /** The stable reason code, one of {@link dev.flywheel.schemas.ReasonCodes}. */
    public abstract String reasonCode();

    /** The topic the payload was read from. */
    public String topic() {
        return topic;
    }

    /** The writer schema id, when the header could be read. */
    public OptionalInt schemaId() {
        return schemaId == null ? OptionalInt.empty() : OptionalInt.of(schemaId);
    }

    static String where(String topic, Integer schemaId) {
        return "topic '" + topic + "'" + (schemaId == null ? "" : ", schema id " + schemaId);
    }
}
