package dev.flywheel.features.view;

import dev.flywheel.topology.runtime.DlqRouting;
import dev.flywheel.topology.runtime.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns a refused source record into its DLQ record: counted and logged by {@link DlqRouting}, with the
 * coordinates, key and headers it had on {@code <source>.valid} (from {@link Origin} when it crossed the
 * repartition topic), and its value re-encoded with its own writer schema, which gives the original bytes back
 * (same registered schema, hence same id; Avro's binary encoding is deterministic).
 */
final class SourceRefusals {

    private final String sourceTopic;
    private final Serializer<GenericRecord> valueSerializer;
    private final DlqRouting dlq;

    SourceRefusals(String sourceTopic, Serializer<GenericRecord> valueSerializer, DlqRouting dlq) {
        this.sourceTopic = sourceTopic;
        this.valueSerializer = valueSerializer;
        this.dlq = dlq;
    }

    /**
     * Records the refusal and builds the record for the DLQ sink.
     *
     * @param record the refused record
     * @param metadata where the processor read it (the source topic, or the repartition topic)
     * @param refused why
     * @return the DLQ record, keyed by the original key bytes, with the reason header
     */
    Record<Object, Object> refuse(Record<?, GenericRecord> record, RecordMetadata metadata, EntityOf.Refused refused) {
        Origin origin = Origin.readFrom(record.headers()).orElseGet(() -> Origin.of(metadata,
                record.key() instanceof Bytes bytes ? bytes.get() : null));
        Headers headers = Origin.without(record.headers());
        byte[] value = record.value() == null ? null : valueSerializer.serialize(sourceTopic, record.value());
        Rejection rejection = new Rejection(sourceTopic, origin.partition(), origin.offset(),
                Optional.of(Instant.ofEpochMilli(record.timestamp())), origin.key(), value, List.of(headers.toArray()),
                refused.reason(), refused.message(), refused.field());
        dlq.record(rejection);
        Record<Object, Object> routed = new Record<>(origin.key() == null ? null : Bytes.wrap(origin.key()),
                dlq.toRejectedRecord(rejection), record.timestamp());
        routed.headers().add(DlqRouting.REASON_HEADER, refused.reason().getBytes(StandardCharsets.UTF_8));
        return routed;
    }
}
