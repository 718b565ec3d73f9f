package dev.flywheel.schemas.serde;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;

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

    /**
     * Returns a deserializer of the same payloads, with the same settings, registry client and reader schema, that
     * builds only the fields on the given dotted paths: resolved against each writer schema (once per schema id),
     * the other fields are skipped rather than decoded, which is cheaper for a caller that looks at a few fields
     * (the ingestion stage forwards the producer's bytes and only checks its contract fields). The records it
     * returns hold only those fields (a path's last field whole, with every field holding an enum), so they are
     * for reading, not for encoding again. A payload is refused exactly when this deserializer refuses it, with
     * the same {@link InvalidPayloadException} reason code: every byte of the body is still walked and
     * length-checked, and the writer schema is checked against the whole reader schema.
     *
     * <p>It shares this deserializer's registry client: closing it does nothing, close this one.
     *
     * @param fieldPaths dotted field paths ({@code payment.amount}); names the schema does not have are ignored
     * @return the projecting deserializer
     * @throws IllegalStateException when this deserializer is not configured yet
     */
    public Deserializer<GenericRecord> projecting(Collection<String> fieldPaths) {
        SerdeContext context = configuredContext();
        WireDecoder decoder = new WireDecoder(context, rule(context.config, context.isKey), fieldPaths);
        return (topic, data) -> data == null ? null : (GenericRecord) decoder.decode(topic, data);
    }

    @Override
    ReaderChoice.Rule rule(AvroSerdeConfig config, boolean isKey) {
        return ReaderChoice.generic(readerSchema, true);
    }
}
