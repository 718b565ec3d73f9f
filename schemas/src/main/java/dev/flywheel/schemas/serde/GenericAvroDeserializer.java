package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Deserializes Confluent wire-format records as {@link GenericRecord}s in their writer schema, or in a
 * pinned reader schema (how a stage reads every version of a source in the schema it expects). A writer
 * schema that is not a record, or that the reader schema cannot read, gives
 * {@link IncompatibleWriterSchemaException}. Settings: {@link AvroSerdeConfig}.
 */
public final class GenericAvroDeserializer extends WireDeserializer<GenericRecord> {

    private final Schema readerSchema;

    /** For Kafka to instantiate by class name; {@code configure} must follow. */
    public GenericAvroDeserializer() {
        this(null, null);
    }

    /** Uses this registry client; usable at once with default settings. */
    public GenericAvroDeserializer(SchemaRegistryClient client) {
        this(client, null);
    }

    /** Uses this registry client and reads every record with this reader schema. */
    public GenericAvroDeserializer(SchemaRegistryClient client, Schema readerSchema) {
        super(client);
        this.readerSchema = readerSchema;
        useDefaultsWhenGivenClient();
    }

    @Override
    ReaderChoice.Rule rule(AvroSerdeConfig config, boolean isKey) {
        return ReaderChoice.generic(readerSchema, true);
    }
}
