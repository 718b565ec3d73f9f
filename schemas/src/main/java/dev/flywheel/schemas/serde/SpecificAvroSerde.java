package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer} as one serde.
 *
 * <pre>{@code
 * Serde<DriftDetected> drift = new SpecificAvroSerde<>(registry, DriftDetected.class);
 * Serde<SpecificRecord> anyDriftEvent = new SpecificAvroSerde<>(registry);  // DriftDetected or DriftResolved
 * }</pre>
 */
public final class SpecificAvroSerde<T extends SpecificRecord> extends WireSerde<T> {

    /** For Kafka to instantiate by class name; {@code configure} must follow. */
    public SpecificAvroSerde() {
        super(new SpecificAvroSerializer<>(), new SpecificAvroDeserializer<>(), null);
    }

    /** Uses this registry client; the class comes from each record's writer schema. */
    public SpecificAvroSerde(SchemaRegistryClient client) {
        this(client, null);
    }

    /** Uses this registry client and reads every record as {@code readerType} (null: by writer schema). */
    public SpecificAvroSerde(SchemaRegistryClient client, Class<? extends T> readerType) {
        super(new SpecificAvroSerializer<>(client), new SpecificAvroDeserializer<>(client, readerType), client);
    }
}
