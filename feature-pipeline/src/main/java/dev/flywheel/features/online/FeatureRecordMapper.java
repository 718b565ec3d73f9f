package dev.flywheel.features.online;

import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import feast.proto.types.ValueProto.Value;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns a {@code features.<view>} record into a {@link FeatureRow}, reading fields by name: one field per entity
 * join key (string, int or long), {@code event_timestamp} (timestamp-millis), {@code created} (timestamp-millis,
 * optional: the tie-breaker of equal event times), and one nullable field per
 * feature of the view. A feature the record's schema lacks (written before the feature was added) is left out
 * of the row, so the stored value stays as it was.
 */
public final class FeatureRecordMapper {

    /** The event-time field of every {@code features.<view>} record. */
    public static final String EVENT_TIMESTAMP = "event_timestamp";
    /** The processing-time field of every {@code features.<view>} record, the tie-breaker of equal event times. */
    public static final String CREATED = "created";

    private final String view;
    private final List<String> entities;
    private final List<String> features;

    /** A mapper for one view. */
    public FeatureRecordMapper(FeatureViewSpec view) {
        this.view = view.name();
        this.entities = List.copyOf(view.entities());
        this.features = view.features().stream().map(FeatureSpec::name).toList();
    }

    /**
     * Maps one record.
     *
     * @param record the record
     * @return the row
     * @throws MalformedFeatureRecordException when an entity or the event time is missing or of the wrong type
     */
    public FeatureRow map(GenericRecord record) {
        Schema schema = record.getSchema();
        Map<String, Value> key = new TreeMap<>();
        for (String entity : entities) {
            Object value = required(record, entity);
            if (!(value instanceof CharSequence || value instanceof Integer || value instanceof Long)) {
                throw new MalformedFeatureRecordException("entity field '" + entity + "' of view " + view
                        + " must be string, int or long, was " + value.getClass().getSimpleName());
            }
            key.put(entity, FeastValues.of(value));
        }
        Map<String, Value> values = new LinkedHashMap<>();
        for (String feature : features) {
            if (schema.getField(feature) != null) {
                values.put(feature, toValue(feature, record.get(feature)));
            }
        }
        Optional<Instant> created = schema.getField(CREATED) == null || record.get(CREATED) == null ? Optional.empty()
                : Optional.of(time(CREATED, record.get(CREATED)));
        return new FeatureRow(view, EntityKey.of(key), time(EVENT_TIMESTAMP, required(record, EVENT_TIMESTAMP)), created,
                values);
    }

    private Value toValue(String feature, Object value) {
        try {
            return FeastValues.of(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedFeatureRecordException("feature '" + feature + "' of view " + view + ": " + e.getMessage(), e);
        }
    }

    private Object required(GenericRecord record, String field) {
        if (record.getSchema().getField(field) == null) {
            throw new MalformedFeatureRecordException("record of view " + view + " has no field '" + field + "'");
        }
        Object value = record.get(field);
        if (value == null) {
            throw new MalformedFeatureRecordException("record of view " + view + " has a null '" + field + "'");
        }
        return value;
    }

    private Instant time(String field, Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Long millis) {
            return Instant.ofEpochMilli(millis);
        }
        throw new MalformedFeatureRecordException("'" + field + "' of view " + view
                + " must be a timestamp-millis long, was " + value.getClass().getSimpleName());
    }
}
