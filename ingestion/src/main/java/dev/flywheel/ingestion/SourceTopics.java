package dev.flywheel.ingestion;

import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.schemas.serde.GenericAvroDeserializer;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.utils.Bytes;

/**
 * The topics of one source as the ingestion topology uses them, with the decoder of its records.
 *
 * @param input the producers' topic, read as raw bytes
 * @param valid {@code <source>.valid}, written in the reader (or writer) schema
 * @param dlq {@code <source>.dlq}
 * @param decoder decodes the input's wire-format values through the schema registry, into the source's pinned
 *     reader schema when it has one ({@code GenericAvroDeserializer(client, readerSchema)}); the topology also
 *     derives from it a decoder of only the fields it checks ({@link GenericAvroDeserializer#projecting})
 */
public record SourceTopics(Topic<Bytes, Bytes> input, Topic<Bytes, GenericRecord> valid,
                           Topic<Bytes, RejectedRecord> dlq, GenericAvroDeserializer decoder) {

    /** Checks the parts are present. */
    public SourceTopics {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(valid, "valid");
        Objects.requireNonNull(dlq, "dlq");
        Objects.requireNonNull(decoder, "decoder");
    }

    /**
     * Picks a source's topics from the catalogue.
     *
     * @param topics the catalogue
     * @param source the source name
     * @param decoder the decoder of its records
     * @return the source's topics
     */
    public static SourceTopics of(TopicCatalogue topics, String source, GenericAvroDeserializer decoder) {
        return new SourceTopics(topics.sourceInput(source), topics.valid(source), topics.dlq(source), decoder);
    }
}
