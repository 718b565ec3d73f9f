package dev.flywheel.ingestion;

import dev.flywheel.schemas.serde.SchemaRegistryAccessException;
import dev.flywheel.schemas.serde.WireFormat;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Chooses what a valid record is written with: the producer's own bytes, or the decoded record for the valid
 * sink to encode.
 *
 * <p>A record read in its writer schema (no reader schema pinned, or the pinned one is the writer's) would be
 * re-encoded into exactly the bytes it arrived in: the same schema id, because the registry gives one id to one
 * schema whatever the subject, and the same Avro body. Encoding it again per record costs more CPU than decoding
 * it. So, per writer schema id, the first valid record is encoded through the valid topic's serializer (which
 * also registers the schema under {@code <source>.valid-value}, as before) and compared with the original: equal
 * bytes prove that the valid topic writes this schema under this id, and the later records of that id are
 * forwarded as they came. When the bytes differ (a pinned reader schema projects the record, or the registry
 * gives the valid subject another id), every record of that id is encoded by the sink, as before.
 *
 * <p>One instance per processor: stream tasks are single-threaded, so the map needs no locking.
 */
final class ValidValues {

    private final String topic;
    private final Serializer<GenericRecord> serializer;
    /** Per writer schema id: whether its records are forwarded as they came. */
    private final Map<Integer, Boolean> forwardOriginal = new HashMap<>();

    ValidValues(String topic, Serializer<GenericRecord> serializer) {
        this.topic = topic;
        this.serializer = serializer;
    }

    /**
     * Returns whether records of this writer schema id are known to be forwarded as they came: then only the
     * fields the stage checks need decoding (the decoded record is never encoded again).
     *
     * @param schemaId the writer schema id of the record's wire format
     * @return true once a record of this id has proved that re-encoding gives back the producer's bytes
     */
    boolean forwardsOriginal(int schemaId) {
        return Boolean.TRUE.equals(forwardOriginal.get(schemaId));
    }

    /**
     * Returns the value to forward to the valid sink: {@link Bytes} to write as they are, or the decoded record
     * for the sink to encode.
     *
     * @param decoded the record as the decoder read it (in the reader schema)
     * @param original the wire-format bytes it was decoded from
     * @param headers the output record's headers, for the serializer
     * @throws SchemaRegistryAccessException when the registry is out of reach while the first record of a schema id
     *     is encoded: not the record's fault, the task fails and is retried
     */
    Object of(GenericRecord decoded, byte[] original, Headers headers) {
        OptionalInt id = WireFormat.schemaIdOf(original);
        if (id.isEmpty()) {
            return decoded;
        }
        Boolean known = forwardOriginal.get(id.getAsInt());
        if (known != null) {
            return known ? Bytes.wrap(original) : decoded;
        }
        byte[] encoded;
        try {
            encoded = serializer.serialize(topic, headers, decoded);
        } catch (SchemaRegistryAccessException outage) {
            throw outage;
        } catch (SerializationException e) {
            // Not decided: the sink encodes this record again and its failure takes the stage's production
            // exception handler path (DLQ or fail), exactly as without this shortcut.
            return decoded;
        }
        boolean same = Arrays.equals(encoded, original);
        forwardOriginal.put(id.getAsInt(), same);
        return Bytes.wrap(encoded);
    }

    /** The valid sink's serializer: {@link Bytes} as they are, records through the valid topic's serializer. */
    static Serializer<Object> sinkSerializer(Serializer<GenericRecord> records) {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, Object value) {
                return serialize(topic, null, value);
            }

            @Override
            public byte[] serialize(String topic, Headers headers, Object value) {
                if (value instanceof Bytes bytes) {
                    return bytes.get();
                }
                return records.serialize(topic, headers, (GenericRecord) value);
            }
        };
    }
}
