package dev.flywheel.ingestion;

import dev.flywheel.ingestion.contract.ContractValidator;
import dev.flywheel.ingestion.contract.FieldPath;
import dev.flywheel.ingestion.contract.Violation;
import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.schemas.serde.InvalidPayloadException;
import dev.flywheel.schemas.serde.WireFormat;
import dev.flywheel.topology.runtime.DlqRouting;
import dev.flywheel.topology.runtime.LineageHeaders;
import dev.flywheel.topology.runtime.Rejection;
import dev.flywheel.topology.spec.SourceSpec;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate of one source: decodes each raw record through the registry, checks the data contract and
 * event-time bounds, drops duplicates, and forwards the record with lineage headers to the valid sink, or a
 * {@code RejectedRecord} to the DLQ sink. A registry that is out of reach is not the record's fault: its
 * {@code SchemaRegistryAccessException} propagates, the task fails and is retried (the transaction aborts).
 */
final class IngestProcessor implements Processor<Bytes, Bytes, Bytes, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);

    private final SourceSpec source;
    private final Deserializer<GenericRecord> decoder;
    private final Deserializer<GenericRecord> projected;
    private final ContractValidator validator;
    private final DlqRouting dlq;
    private final IngestionMetrics metrics;
    private final Clock clock;
    private final Optional<FieldPath> eventId;
    private final ValidValues validValues;
    private ProcessorContext<Bytes, Object> context;
    private Deduplicator dedupe;
    private Counter accepted;
    /** The input topic and its name in UTF-8, for the lineage headers: encoded once per task, not per record. */
    private String topic;
    private byte[] topicBytes;

    IngestProcessor(SourceSpec source, Deserializer<GenericRecord> decoder, Deserializer<GenericRecord> projected,
                    ContractValidator validator, ValidValues validValues, DlqRouting dlq, IngestionMetrics metrics,
                    Clock clock) {
        this.source = source;
        this.decoder = decoder;
        this.projected = projected;
        this.validator = validator;
        this.validValues = validValues;
        this.dlq = dlq;
        this.metrics = metrics;
        this.clock = clock;
        this.eventId = source.dedupe().map(d -> FieldPath.of(d.field()));
    }

    @Override
    public void init(ProcessorContext<Bytes, Object> context) {
        this.context = context;
        this.accepted = metrics.acceptedCounter(source.name());
        source.dedupe().ifPresent(spec -> {
            WindowStore<String, Long> store = context.getStateStore(IngestionTopology.dedupeStoreName(source));
            dedupe = new Deduplicator(store, spec.window());
        });
    }

    @Override
    public void process(Record<Bytes, Bytes> record) {
        RecordMetadata from = context.recordMetadata().orElseThrow(() -> new IllegalStateException(
                "ingestion processes only records read from a topic"));
        if (record.value() == null) {
            reject(record, from, ReasonCodes.NULL_VALUE, "the record has no value (a tombstone), expected an Avro "
                    + "record in Confluent wire format", Optional.empty());
            return;
        }
        byte[] payload = record.value().get();
        // Records forwarded as they came are only read, never encoded again: decode just the fields checked.
        OptionalInt schemaId = WireFormat.schemaIdOf(payload);
        Deserializer<GenericRecord> reader = schemaId.isPresent() && validValues.forwardsOriginal(schemaId.getAsInt())
                ? projected : decoder;
        GenericRecord decoded;
        try {
            decoded = reader.deserialize(from.topic(), record.headers(), payload);
        } catch (InvalidPayloadException invalid) {
            reject(record, from, invalid.reasonCode(), invalid.getMessage(), Optional.empty());
            return;
        }
        Instant now = clock.instant();
        Instant eventTime = validator.eventTime(decoded).orElse(Instant.ofEpochMilli(record.timestamp()));
        List<Violation> violations = validator.check(decoded, eventTime, now);
        if (!violations.isEmpty()) {
            Violation first = violations.get(0);
            reject(record, from, first.reasonCode(), Violation.summary(violations), Optional.ofNullable(first.field()));
            return;
        }
        if (dedupe != null && isDuplicate(decoded, record, from)) {
            return;
        }
        Headers headers = new RecordHeaders(record.headers().toArray());
        if (!from.topic().equals(topic)) {
            topic = from.topic();
            topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        }
        LineageHeaders.stamp(headers, topicBytes, from.partition(), from.offset(), now.toEpochMilli());
        Object value = validValues.of(decoded, payload, headers);
        context.forward(new Record<>(record.key(), value, record.timestamp(), headers), IngestionTopology.VALID_SINK);
        accepted.increment();
    }

    private boolean isDuplicate(GenericRecord decoded, Record<Bytes, Bytes> record, RecordMetadata from) {
        // the contract made the event id required, so it is present here
        String id = eventId.orElseThrow().valueIn(decoded).toString();
        if (dedupe.firstSighting(id, record.timestamp())) {
            return false;
        }
        metrics.duplicate(source.name());
        LOG.debug("Dropped duplicate {}-{}@{}: event id '{}' was seen within {}", from.topic(), from.partition(),
                from.offset(), id, source.dedupe().orElseThrow().window());
        return true;
    }

    private void reject(Record<Bytes, Bytes> record, RecordMetadata from, String reasonCode, String message,
                        Optional<String> field) {
        Rejection rejection = new Rejection(from.topic(), from.partition(), from.offset(),
                record.timestamp() < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(record.timestamp())),
                record.key() == null ? null : record.key().get(), record.value() == null ? null : record.value().get(),
                List.of(record.headers().toArray()), reasonCode, message, field);
        RejectedRecord rejected = dlq.toRejectedRecord(rejection);
        dlq.record(rejection);
        Headers headers = new RecordHeaders();
        headers.add(DlqRouting.REASON_HEADER, reasonCode.getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<Bytes, Object>(record.key(), rejected, record.timestamp(), headers),
                IngestionTopology.DLQ_SINK);
    }
}
