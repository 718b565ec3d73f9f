package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;

/**
 * Deserializes Confluent wire-format records as generated Avro classes. Without a pinned reader class the
 * class is found from the writer schema's full name, so {@code T = SpecificRecord} reads a topic that
 * carries several event types (for example {@code DriftDetected} and {@code DriftResolved} on
 * {@code flywheel.drift}). A pinned class (constructor, or {@code specific.avro.key.type} /
 * {@code specific.avro.value.type}) is the reader schema for every record. A writer schema without a
 * generated class, or one the reader cannot read, gives {@link IncompatibleWriterSchemaException}.
 */
public final class SpecificAvroDeserializer<T extends SpecificRecord> extends WireDeserializer<T> {

    private final Class<? extends T> readerType;

    /** For Kafka to instantiate by class name; {@code configure} must follow. */
    public SpecificAvroDeserializer() {
        this(null, null);
    }

    /** Uses this registry client; the class comes from each record's writer schema. */
    public SpecificAvroDeserializer(SchemaRegistryClient client) {
        this(client, null);
    }

    /** Uses this registry client and reads every record as {@code readerType}. */
    public SpecificAvroDeserializer(SchemaRegistryClient client, Class<? extends T> readerType) {
        super(client);
        this.readerType = readerType;
        useDefaultsWhenGivenClient();
    }

    @Override
    ReaderChoice.Rule rule(AvroSerdeConfig config, boolean isKey) {
        return ReaderChoice.specific(readerType != null ? readerType : config.specificReaderType(isKey), false);
    }
}
