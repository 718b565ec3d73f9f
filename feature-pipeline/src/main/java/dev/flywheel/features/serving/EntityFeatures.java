package dev.flywheel.features.serving;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The features of one entity of one view in plain Java values, for a JSON route such as
 * {@code GET /features/{view}/{entity}}.
 *
 * @param view the view
 * @param entity join key to its (coerced) value
 * @param eventTime the event time of the stored row; empty when the entity has none
 * @param features feature name to its value, in the view's order
 */
public record EntityFeatures(String view, Map<String, Object> entity, Optional<Instant> eventTime,
                             Map<String, FeatureValue> features) {

    /** Checks the parts are present and keeps the maps as given (ordered, unmodifiable). */
    public EntityFeatures {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(features, "features");
    }

    /**
     * One served feature.
     *
     * @param value the value as a Java object (Long, Integer, Double, Float, String, Boolean, byte[]) or null
     * @param status PRESENT, NULL_VALUE, NOT_FOUND or OUTSIDE_MAX_AGE
     */
    public record FeatureValue(Object value, String status) {
    }
}
