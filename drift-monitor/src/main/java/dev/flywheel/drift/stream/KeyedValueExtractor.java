package dev.flywheel.drift.stream;

import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-keys a prediction or a label by its entity key (the key field as text), keeps its number (a boolean as
 * 1/0) and takes its event time from the timestamp field when there is one. A record without a key or a
 * number is counted ({@code outcome=null_value}) and logged with its coordinates, not forwarded.
 */
final class KeyedValueExtractor implements Processor<Bytes, GenericRecord, String, Double> {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedValueExtractor.class);

    private final String key;
    private final String field;
    private final Optional<String> timestamp;
    private final DriftMetrics metrics;
    private ProcessorContext<String, Double> context;

    KeyedValueExtractor(String key, String field, Optional<String> timestamp, DriftMetrics metrics) {
        this.key = key;
        this.field = field;
        this.timestamp = timestamp;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Double> context) {
        this.context = context;
    }

    @Override
    public void process(Record<Bytes, GenericRecord> record) {
        String entity = record.value() == null ? null : FieldValues.text(record.value(), key);
        double value = record.value() == null ? Double.NaN : FieldValues.number(record.value(), field);
        if (entity == null || Double.isNaN(value)) {
            metrics.record("null_value");
            context.recordMetadata().ifPresent(meta -> LOG.warn("Skipping a record without '{}' or a number in '{}' "
                    + "at {}-{}@{}", key, field, meta.topic(), meta.partition(), meta.offset()));
            return;
        }
        long time = timestamp.map(name -> FieldValues.eventTime(record.value(), name, record.timestamp()))
                .orElse(record.timestamp());
        context.forward(new Record<>(entity, value, time, record.headers()));
    }
}
