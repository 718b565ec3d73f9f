package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;

/**
 * Serializes generated Avro classes in the Confluent wire format. With {@code T = SpecificRecord} one
 * serializer writes several event types to one topic (use RecordNameStrategy or TopicRecordNameStrategy
 * then, so each type keeps its own subject). Settings: {@link AvroSerdeConfig}.
 */
public final class SpecificAvroSerializer<T extends SpecificRecord> extends WireSerializer<T> {

    /** For Kafka to instantiate by class name; {@code configure} must follow. */
    public SpecificAvroSerializer() {
        super(null);
    }

    /** Uses this registry client; usable at once with default settings. */
    public SpecificAvroSerializer(SchemaRegistryClient client) {
        super(client);
    }
}
