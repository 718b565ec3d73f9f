package dev.flywheel.features.offline;

import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.SourceSpec;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * What an {@link OfflineSink} writes: a feature view's rows ({@code view=<name>/...}) or a source's valid records
 * ({@code source=<name>/...}), and where each record's event time (its date partition) comes from.
 *
 * @param kind features or source records
 * @param name the view or source name
 * @param timestampField the event-time field of the record; empty = the Kafka record timestamp
 */
public record OfflineTarget(Kind kind, String name, Optional<String> timestampField) {

    /** What the rows are. */
    public enum Kind {
        /** A feature view's rows, in Feast {@code FileSource} shape. */
        FEATURES("view"),
        /** A source's valid records (labels, recomputation). */
        SOURCE("source");

        private final String partitionKey;

        Kind(String partitionKey) {
            this.partitionKey = partitionKey;
        }

        /** The Hive partition key of the name: {@code view} or {@code source}. */
        public String partitionKey() {
            return partitionKey;
        }
    }

    /** Checks the parts are present. */
    public OfflineTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestampField, "timestampField");
    }

    /** A feature view: event time is {@code event_timestamp}. */
    public static OfflineTarget of(FeatureViewSpec view) {
        return new OfflineTarget(Kind.FEATURES, view.name(), Optional.of("event_timestamp"));
    }

    /** A source: event time is its {@code timestamp} field, else the record timestamp. */
    public static OfflineTarget of(SourceSpec source) {
        return new OfflineTarget(Kind.SOURCE, source.name(), source.timestamp());
    }

    /**
     * The event time of a record in epoch milliseconds.
     *
     * @param record the value
     * @param recordTimestamp the Kafka record timestamp, used when there is no field or it is null
     */
    public long eventTime(GenericRecord record, long recordTimestamp) {
        if (timestampField.isEmpty()) {
            return recordTimestamp;
        }
        Schema.Field field = record.getSchema().getField(timestampField.get());
        Object value = field == null ? null : record.get(field.pos());
        if (value == null) {
            return recordTimestamp;
        }
        long raw = ParquetIo.millis(value);
        LogicalType logical = nonNull(field.schema()).getLogicalType();
        boolean micros = logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.LocalTimestampMicros;
        return micros && !(value instanceof java.time.Instant) ? Math.floorDiv(raw, 1000) : raw;
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
    }
}
