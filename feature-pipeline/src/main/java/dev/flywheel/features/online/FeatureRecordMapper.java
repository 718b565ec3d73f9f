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
 *
 * <p>Not thread-safe: one mapper per consuming thread (it keeps the field positions of the last schema seen).
 */
public final class FeatureRecordMapper {

    /** The event-time field of every {@code features.<view>} record. */
    public static final String EVENT_TIMESTAMP = "event_timestamp";
    /** The processing-time field of every {@code features.<view>} record, the tie-breaker of equal event times. */
    public static final String CREATED = "created";

    private final String view;
    private final List<String> entities;
    private final List<String> features;
    // The field positions of the last record schema seen: a topic's records nearly always share one schema
    // object (the deserializer caches it per writer schema), so the names are looked up once, not per record.
    private Fields fields;

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
        Fields at = fieldsOf(record.getSchema());
        EntityKey key;
        if (entities.size() == 1) {
            key = EntityKey.of(entities.get(0), entityValue(record, entities.get(0), at.entities[0]));
        } else {
            Map<String, Value> values = new TreeMap<>();
            for (int i = 0; i < entities.size(); i++) {
                values.put(entities.get(i), entityValue(record, entities.get(i), at.entities[i]));
            }
            key = EntityKey.of(values);
        }
        Map<String, Value> values = new LinkedHashMap<>(2 * features.size());
        for (int i = 0; i < features.size(); i++) {
            if (at.features[i] >= 0) {
                values.put(features.get(i), toValue(features.get(i), record.get(at.features[i])));
            }
        }
        Object createdValue = at.created < 0 ? null : record.get(at.created);
        Optional<Instant> created = createdValue == null ? Optional.empty() : Optional.of(time(CREATED, createdValue));
        return new FeatureRow(view, key, time(EVENT_TIMESTAMP, required(record, EVENT_TIMESTAMP, at.eventTimestamp)),
                created, values);
    }

    private Fields fieldsOf(Schema schema) {
        Fields last = fields;
        if (last == null || last.schema != schema) {
            last = new Fields(schema, entities.stream().mapToInt(name -> position(schema, name)).toArray(),
                    features.stream().mapToInt(name -> position(schema, name)).toArray(),
                    position(schema, EVENT_TIMESTAMP), position(schema, CREATED));
            fields = last;
        }
        return last;
    }

    private static int position(Schema schema, String name) {
        Schema.Field field = schema.getField(name);
        return field == null ? -1 : field.pos();
    }

    private Value entityValue(GenericRecord record, String entity, int position) {
        Object value = required(record, entity, position);
        if (!(value instanceof CharSequence || value instanceof Integer || value instanceof Long)) {
            throw new MalformedFeatureRecordException("entity field '" + entity + "' of view " + view
                    + " must be string, int or long, was " + value.getClass().getSimpleName());
        }
        return FeastValues.of(value);
    }

    private Value toValue(String feature, Object value) {
        try {
            return FeastValues.of(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedFeatureRecordException("feature '" + feature + "' of view " + view + ": " + e.getMessage(), e);
        }
    }

    private Object required(GenericRecord record, String field, int position) {
        if (position < 0) {
            throw new MalformedFeatureRecordException("record of view " + view + " has no field '" + field + "'");
        }
        Object value = record.get(position);
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

    /** Field positions in one record schema, -1 where it has no such field. */
    private record Fields(Schema schema, int[] entities, int[] features, int eventTimestamp, int created) {
    }
}
