package dev.flywheel.drift.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the watched features of a {@code features.<view>} row: numbers as {@code Double}, booleans, strings
 * and enums as text, nulls kept. A row without a value (a tombstone; the feature pipeline writes none) is
 * counted as {@code null_value} and logged with its coordinates, not forwarded.
 */
final class ObservationExtractor<K> implements FixedKeyProcessor<K, GenericRecord, MonitorInput> {

    private static final Logger LOG = LoggerFactory.getLogger(ObservationExtractor.class);

    private final List<String> features;
    private final Optional<String> timestamp;
    private final DriftMetrics metrics;
    private FixedKeyProcessorContext<K, MonitorInput> context;

    ObservationExtractor(List<String> features, DriftMetrics metrics) {
        this(features, Optional.empty(), metrics);
    }

    /**
     * @param features the fields to read
     * @param timestamp the event-time field (epoch milliseconds or a timestamp); empty: the record's timestamp
     * @param metrics the monitor's counters
     */
    ObservationExtractor(List<String> features, Optional<String> timestamp, DriftMetrics metrics) {
        this.features = List.copyOf(features);
        this.timestamp = timestamp;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<K, MonitorInput> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<K, GenericRecord> record) {
        if (record.value() == null) {
            metrics.record("null_value");
            context.recordMetadata().ifPresent(meta -> LOG.warn("Skipping a record without a value at {}-{}@{}",
                    meta.topic(), meta.partition(), meta.offset()));
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (String feature : features) {
            Object value = record.value().hasField(feature) ? record.value().get(feature) : null;
            values.put(feature, value == null ? null : value instanceof Number number ? (Object) number.doubleValue()
                    : value.toString());
        }
        long time = timestamp.map(field -> FieldValues.eventTime(record.value(), field, record.timestamp()))
                .orElse(record.timestamp());
        context.forward(record.withValue((MonitorInput) new MonitorInput.Observation(values)).withTimestamp(time));
    }
}
