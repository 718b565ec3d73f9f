package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.SchemaRegistryClient;

/** {@link AvroSerializer} and {@link AvroDeserializer} as one serde over any Avro value. */
public final class AvroSerde extends WireSerde<Object> {

    /** For Kafka to instantiate by class name; {@code configure} must follow. */
    public AvroSerde() {
        super(new AvroSerializer(), new AvroDeserializer(), null);
    }

    /** Uses this registry client; usable at once with default settings. */
    public AvroSerde(SchemaRegistryClient client) {
        super(new AvroSerializer(client), new AvroDeserializer(client), client);
    }
}
