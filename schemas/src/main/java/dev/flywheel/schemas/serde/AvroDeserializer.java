package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;

/**
 * Deserializes any Avro value in the Confluent wire format: records as {@code GenericRecord} (or as
 * generated classes with {@code specific.avro.reader=true}), a top-level string as {@code String}, bytes as
 * {@code byte[]}, other primitives as their boxed types. Settings: {@link AvroSerdeConfig}. Failures:
 * {@link InvalidPayloadException} subclasses for bad payloads, {@link SchemaRegistryAccessException} for
 * registry trouble.
 */
public final class AvroDeserializer extends WireDeserializer<Object> {

    private final Schema readerSchema;

    /** For Kafka to instantiate by class name; {@code configure} must follow. */
    public AvroDeserializer() {
        this(null, null);
    }

    /** Uses this registry client; usable at once with default settings. */
    public AvroDeserializer(SchemaRegistryClient client) {
        this(client, null);
    }

    /**
     * Uses this registry client and reads every value with this reader schema (the writer schema is resolved
     * against it; one it cannot read gives {@link IncompatibleWriterSchemaException}).
     */
    public AvroDeserializer(SchemaRegistryClient client, Schema readerSchema) {
        super(client);
        this.readerSchema = readerSchema;
        useDefaultsWhenGivenClient();
    }

    @Override
    ReaderChoice.Rule rule(AvroSerdeConfig config, boolean isKey) {
        if (config.specificAvroReader()) {
            return ReaderChoice.specific(config.specificReaderType(isKey), true);
        }
        return ReaderChoice.generic(readerSchema, false);
    }
}
