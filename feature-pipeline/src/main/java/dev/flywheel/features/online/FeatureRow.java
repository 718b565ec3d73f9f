package dev.flywheel.features.online;

import feast.proto.types.ValueProto.Value;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The latest features of one entity in one view, as the online tier stores them.
 *
 * @param view the feature view
 * @param entityKey the entity
 * @param eventTime the event time of the values
 * @param created when the row was computed, Feast's tie-breaker: of two rows with the same event time the one
 *     created later wins (a correction after an out-of-order event); empty when unknown, which never wins a tie
 * @param features feature name to value, in order; an unset {@link Value} is a null
 */
public record FeatureRow(String view, EntityKey entityKey, Instant eventTime, Optional<Instant> created,
                         Map<String, Value> features) {

    /** Checks the parts are present and copies the map. */
    public FeatureRow {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(entityKey, "entityKey");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(created, "created");
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /** A row without a created time: it replaces only rows with an older event time. */
    public FeatureRow(String view, EntityKey entityKey, Instant eventTime, Map<String, Value> features) {
        this(view, entityKey, eventTime, Optional.empty(), features);
    }
}
