package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.SchemaRegistryClient;

/**
 * Serializes any Avro value in the Confluent wire format: records (generic or generated), enums, fixed,
 * and primitives ({@code CharSequence} as string, {@code byte[]}/{@code ByteBuffer} as bytes, {@code Long},
 * {@code Integer}, {@code Double}, {@code Float}, {@code Boolean}), like Confluent's KafkaAvroSerializer.
 * Settings: {@link AvroSerdeConfig}.
 */
public final class AvroSerializer extends WireSerializer<Object> {

    /** For Kafka to instantiate by class name; {@code configure} must follow. */
    public AvroSerializer() {
        super(null);
    }

    /** Uses this registry client; usable at once with default settings. */
    public AvroSerializer(SchemaRegistryClient client) {
        super(client);
    }
}
