package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** {@link GenericAvroSerializer} and {@link GenericAvroDeserializer} as one serde. */
public final class GenericAvroSerde extends WireSerde<GenericRecord> {

    /** For Kafka to instantiate by class name; {@code configure} must follow. */
    public GenericAvroSerde() {
        super(new GenericAvroSerializer(), new GenericAvroDeserializer(), null);
    }

    /** Uses this registry client; usable at once with default settings. */
    public GenericAvroSerde(SchemaRegistryClient client) {
        this(client, null);
    }

    /** Uses this registry client and reads every record with this reader schema (null: the writer's). */
    public GenericAvroSerde(SchemaRegistryClient client, Schema readerSchema) {
        super(new GenericAvroSerializer(client), new GenericAvroDeserializer(client, readerSchema), client);
    }
}
