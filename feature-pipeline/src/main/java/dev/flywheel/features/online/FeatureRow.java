package dev.flywheel.features.online;

import feast.proto.types.ValueProto.Value;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The latest features of one entity in one view, as the online tier stores them.
 *
 * @param view the feature view
 * @param entityKey the entity
 * @param eventTime the event time of the values; a row never replaces one with a later or equal event time
 * @param features feature name to value, in order; an unset {@link Value} is a null
 */
public record FeatureRow(String view, EntityKey entityKey, Instant eventTime, Map<String, Value> features) {

    /** Checks the parts are present and copies the map. */
    public FeatureRow {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(entityKey, "entityKey");
        Objects.requireNonNull(eventTime, "eventTime");
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }
}
