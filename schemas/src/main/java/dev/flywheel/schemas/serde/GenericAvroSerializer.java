package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import org.apache.avro.generic.GenericRecord;

/** Serializes {@link GenericRecord}s in the Confluent wire format. Settings: {@link AvroSerdeConfig}. */
public final class GenericAvroSerializer extends WireSerializer<GenericRecord> {

    /** For Kafka to instantiate by class name; {@code configure} must follow. */
    public GenericAvroSerializer() {
        super(null);
    }

    /** Uses this registry client; usable at once with default settings. */
    public GenericAvroSerializer(SchemaRegistryClient client) {
        super(client);
    }
}
