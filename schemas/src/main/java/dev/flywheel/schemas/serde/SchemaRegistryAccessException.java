package dev.flywheel.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The schema registry failed or refused while (de)serializing: unreachable after retries, an HTTP error,
 * or a schema it rejects as incompatible. The record is not necessarily at fault, so stages should not
 * dead-letter it; the cause is the {@link dev.flywheel.schemas.registry.SchemaRegistryException}.
 */
public class SchemaRegistryAccessException extends SerializationException {

    private static final long serialVersionUID = 1L;

    public SchemaRegistryAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
