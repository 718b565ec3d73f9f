package dev.flywheel.schemas.serde;

/**
 * With {@code auto.register.schemas=false}, the schema of a value to serialize is not registered under its
 * subject: register it first (or turn auto-registration on).
 */
public final class SchemaNotRegisteredException extends SchemaRegistryAccessException {

    private static final long serialVersionUID = 1L;

    SchemaNotRegisteredException(String topic, String subject, String schemaName, String registry, Throwable cause) {
        super("Cannot serialize a record of topic '" + topic + "': schema " + schemaName + " is not registered under "
                + "subject '" + subject + "' in schema registry " + registry + " and "
                + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + "=false; register it first", cause);
    }
}
