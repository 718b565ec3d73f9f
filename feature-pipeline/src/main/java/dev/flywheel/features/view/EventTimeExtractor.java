package dev.flywheel.features.view;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a source record: its source's timestamp field ({@code long} epoch milliseconds,
 * {@code timestamp-millis} or {@code timestamp-micros}, optionally nullable), else the Kafka record
 * timestamp. Kafka Streams then runs on event time: stream time, window placement and lateness all
 * follow it.
 *
 * <p>A record whose timestamp field is null or negative cannot be placed; Kafka Streams would drop a
 * record with a negative timestamp, so the extractor falls back to the record (or partition) time and
 * the processor routes the record to the DLQ instead (see {@link FeatureViewProcessor}).
 */
public final class EventTimeExtractor implements TimestampExtractor {

    private final Optional<String> field;

    /**
     * Creates the extractor of a source.
     *
     * @param field the source's timestamp field; empty to use the record timestamp
     */
    public EventTimeExtractor(Optional<String> field) {
        this.field = field;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (field.isPresent() && record.value() instanceof GenericRecord value) {
            OptionalLong eventTime = read(value, field.get());
            if (eventTime.isPresent()) {
                return eventTime.getAsLong();
            }
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }

    /**
     * Reads the event time of a record.
     *
     * @param value the record
     * @param field the timestamp field
     * @return epoch milliseconds, or empty when the field is missing, null or negative
     */
    static OptionalLong read(GenericRecord value, String field) {
        Schema.Field f = value.getSchema().getField(field);
        if (f == null || !(value.get(f.pos()) instanceof Number number)) {
            return OptionalLong.empty();
        }
        long raw = number.longValue();
        long millis = isMicros(f.schema()) ? Math.floorDiv(raw, 1000) : raw;
        return millis < 0 ? OptionalLong.empty() : OptionalLong.of(millis);
    }

    /** Reports a timestamp field that is missing or not a long. */
    static void check(Schema schema, String field, List<String> problems) {
        Schema.Field f = schema.getField(field);
        if (f == null) {
            problems.add("no timestamp field '" + field + "'");
        } else if (ValueType.of(f.schema()) != ValueType.LONG) {
            problems.add("timestamp field '" + field + "' has type " + f.schema()
                    + " (expected long, timestamp-millis or timestamp-micros)");
        }
    }

    private static boolean isMicros(Schema schema) {
        Schema single = schema;
        if (schema.getType() == Schema.Type.UNION) {
            single = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
        }
        LogicalType logical = single.getLogicalType();
        return logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.LocalTimestampMicros;
    }
}
