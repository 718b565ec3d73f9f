package dev.flywheel.features.serving;

import com.google.protobuf.Timestamp;
import dev.flywheel.features.online.CorruptOnlineValueException;
import dev.flywheel.features.online.EntityKey;
import dev.flywheel.features.online.FeastValues;
import dev.flywheel.features.online.OnlineStoreException;
import dev.flywheel.features.online.OnlineStoreReader;
import dev.flywheel.features.online.ReadRequest;
import dev.flywheel.features.online.StoredRow;
import dev.flywheel.topology.spec.FeatureRef;
import feast.proto.serving.ServingAPIProto.FieldStatus;
import feast.proto.types.ValueProto.Value;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads features from the online tier the way Feast serves them: references {@code view:feature}, entity
 * values coerced to their stored types, every view's rows fetched in one pipelined round trip, a status per
 * value. The gRPC service and the HTTP route both sit on this.
 */
public final class OnlineFeatures {

    private final ServingCatalog catalog;
    private final OnlineStoreReader reader;
    private final Clock clock;

    /**
     * Serving over a reader.
     *
     * @param catalog the views
     * @param reader the online tier
     * @param clock the time that max ages are measured from
     */
    public OnlineFeatures(ServingCatalog catalog, OnlineStoreReader reader, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The views served. */
    public ServingCatalog catalog() {
        return catalog;
    }

    /**
     * Features for many entity rows, as {@code GetOnlineFeatures} asks for them.
     *
     * @param references feature references {@code view:feature}, in the order of the answer's columns
     * @param entities join key to its values, one per row; every list as long as the others
     * @return one column per reference, each with one entry per row
     * @throws ServingException for an invalid request, an unknown view or feature, or an online tier failure
     */
    public List<FeatureColumn> get(List<String> references, Map<String, List<Value>> entities) {
        List<FeatureRef> refs = parse(references);
        int rows = rowCount(entities);
        Map<String, ReadRequest> requests = new LinkedHashMap<>();
        for (FeatureRef ref : refs) {
            ServingView view = catalog.view(ref.view());
            if (!view.hasFeature(ref.feature())) {
                throw new ServingException(ServingException.Kind.NOT_FOUND,
                        "feature view " + view.name() + " has no feature '" + ref.feature() + "'");
            }
            if (!requests.containsKey(view.name())) {
                requests.put(view.name(), new ReadRequest(view.name(), featuresOf(refs, view.name()), keys(view, entities, rows)));
            }
        }
        List<ReadRequest> ordered = List.copyOf(requests.values());
        List<List<StoredRow>> stored = read(ordered);
        Instant now = clock.instant();
        List<RowTimes> times = new ArrayList<>(ordered.size());
        for (int v = 0; v < ordered.size(); v++) {
            times.add(RowTimes.of(stored.get(v), now, catalog.view(ordered.get(v).view()).maxAge()));
        }
        List<FeatureColumn> columns = new ArrayList<>(refs.size());
        for (int c = 0; c < refs.size(); c++) {
            FeatureRef ref = refs.get(c);
            int viewIndex = indexOf(ordered, ref.view());
            ReadRequest request = ordered.get(viewIndex);
            columns.add(column(references.get(c), request.features().indexOf(ref.feature()), stored.get(viewIndex),
                    times.get(viewIndex)));
        }
        return columns;
    }

    /**
     * Every feature of one entity of one view, in plain Java values.
     *
     * @param view the view
     * @param entityKey the values of its join keys, in the order the view declares them (numbers or text; text
     *     is parsed for integer entities, as a URL path segment would arrive)
     * @return the features
     * @throws ServingException for an unknown view, a wrong number or type of key values, or an online tier failure
     */
    public EntityFeatures get(String view, Object... entityKey) {
        ServingView servingView = catalog.view(view);
        if (entityKey.length != servingView.entities().size()) {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "view " + view + " is keyed by "
                    + servingView.entities().stream().map(EntityField::name).toList() + ", got " + entityKey.length + " values");
        }
        Map<String, List<Value>> entities = new LinkedHashMap<>();
        Map<String, Object> entity = new LinkedHashMap<>();
        for (int i = 0; i < entityKey.length; i++) {
            EntityField field = servingView.entities().get(i);
            Value value = EntityCoercion.coerce(field.name(), fromJava(field, entityKey[i]), field.type());
            entities.put(field.name(), List.of(value));
            entity.put(field.name(), javaValue(value));
        }
        List<String> references = servingView.features().stream().map(feature -> view + ":" + feature).toList();
        List<FeatureColumn> columns = get(references, entities);
        Map<String, EntityFeatures.FeatureValue> features = new LinkedHashMap<>();
        Optional<Instant> eventTime = Optional.empty();
        for (int i = 0; i < columns.size(); i++) {
            FeatureColumn column = columns.get(i);
            FieldStatus status = column.statuses().get(0);
            features.put(servingView.features().get(i), new EntityFeatures.FeatureValue(
                    status == FieldStatus.NOT_FOUND ? null : javaValue(column.values().get(0)), status.name()));
            if (status != FieldStatus.NOT_FOUND) {
                eventTime = Optional.of(FeastValues.instant(column.eventTimes().get(0)));
            }
        }
        return new EntityFeatures(view, java.util.Collections.unmodifiableMap(entity), eventTime,
                java.util.Collections.unmodifiableMap(features));
    }

    private List<List<StoredRow>> read(List<ReadRequest> requests) {
        try {
            return reader.read(requests);
        } catch (OnlineStoreException e) {
            throw new ServingException(e.retriable() ? ServingException.Kind.UNAVAILABLE : ServingException.Kind.INTERNAL,
                    "online store: " + e.getMessage(), e);
        } catch (CorruptOnlineValueException e) {
            throw new ServingException(ServingException.Kind.INTERNAL, "online store: " + e.getMessage(), e);
        }
    }

    private static FeatureColumn column(String reference, int featureIndex, List<StoredRow> rows, RowTimes times) {
        List<Value> values = new ArrayList<>(rows.size());
        List<FieldStatus> statuses = new ArrayList<>(rows.size());
        List<Timestamp> eventTimes = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            Optional<Value> value = rows.get(r).values().get(featureIndex);
            FieldStatus status = times.status(r, value);
            statuses.add(status);
            if (status == FieldStatus.NOT_FOUND) {
                values.add(FeastValues.NULL);
                eventTimes.add(Timestamp.getDefaultInstance());
            } else {
                values.add(value.orElseThrow());
                eventTimes.add(times.eventTime(r));
            }
        }
        return new FeatureColumn(reference, values, statuses, eventTimes);
    }

    private static List<FeatureRef> parse(List<String> references) {
        if (references.isEmpty()) {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "no features requested");
        }
        List<FeatureRef> refs = new ArrayList<>(references.size());
        for (String reference : references) {
            refs.add(FeatureRef.parse(reference).orElseThrow(() -> new ServingException(
                    ServingException.Kind.INVALID_ARGUMENT, "feature reference '" + reference + "' is not view:feature")));
        }
        return refs;
    }

    private static int rowCount(Map<String, List<Value>> entities) {
        if (entities.isEmpty()) {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "no entities in the request");
        }
        int rows = -1;
        for (Map.Entry<String, List<Value>> entity : entities.entrySet()) {
            if (rows >= 0 && entity.getValue().size() != rows) {
                throw new ServingException(ServingException.Kind.INVALID_ARGUMENT,
                        "entity '" + entity.getKey() + "' has " + entity.getValue().size() + " values, others " + rows);
            }
            rows = entity.getValue().size();
        }
        if (rows == 0) {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "no entity rows in the request");
        }
        return rows;
    }

    private static List<String> featuresOf(List<FeatureRef> refs, String view) {
        return refs.stream().filter(ref -> ref.view().equals(view)).map(FeatureRef::feature).distinct().toList();
    }

    private static List<EntityKey> keys(ServingView view, Map<String, List<Value>> entities, int rows) {
        List<EntityKey> keys = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Map<String, Value> key = new LinkedHashMap<>();
            for (EntityField field : view.entities()) {
                List<Value> values = entities.get(field.name());
                if (values == null) {
                    throw new ServingException(ServingException.Kind.INVALID_ARGUMENT,
                            "feature view " + view.name() + " needs entity '" + field.name() + "', not in the request");
                }
                key.put(field.name(), EntityCoercion.coerce(field.name(), values.get(r), field.type()));
            }
            keys.add(EntityKey.of(key));
        }
        return keys;
    }

    private static int indexOf(List<ReadRequest> requests, String view) {
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).view().equals(view)) {
                return i;
            }
        }
        throw new IllegalStateException("no read for view " + view);
    }

    private static Value fromJava(EntityField field, Object value) {
        if (value instanceof String text && (field.type() == feast.proto.types.ValueProto.ValueType.Enum.INT64
                || field.type() == feast.proto.types.ValueProto.ValueType.Enum.INT32)) {
            try {
                return FeastValues.of(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                throw new ServingException(ServingException.Kind.INVALID_ARGUMENT,
                        "entity '" + field.name() + "' is " + field.type() + ", '" + text + "' is not a number", e);
            }
        }
        try {
            return FeastValues.of(value);
        } catch (IllegalArgumentException e) {
            throw new ServingException(ServingException.Kind.INVALID_ARGUMENT, "entity '" + field.name() + "': " + e.getMessage(), e);
        }
    }

    private static Object javaValue(Value value) {
        return switch (value.getValCase()) {
            case STRING_VAL -> value.getStringVal();
            case INT32_VAL -> value.getInt32Val();
            case INT64_VAL -> value.getInt64Val();
            case DOUBLE_VAL -> value.getDoubleVal();
            case FLOAT_VAL -> value.getFloatVal();
            case BOOL_VAL -> value.getBoolVal();
            case BYTES_VAL -> value.getBytesVal().toByteArray();
            case UNIX_TIMESTAMP_VAL -> Instant.ofEpochSecond(value.getUnixTimestampVal());
            default -> null;
        };
    }
}
