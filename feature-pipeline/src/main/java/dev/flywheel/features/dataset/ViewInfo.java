package dev.flywheel.features.dataset;

import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the join needs to know about a view.
 *
 * @param entities its entity (join key) columns, in the view's order
 * @param ttlMillis its ttl; 0 = no lower bound
 */
public record ViewInfo(List<String> entities, long ttlMillis) {

    /** Copies the list. */
    public ViewInfo {
        entities = List.copyOf(entities);
    }

    /** Every view of a spec by name. */
    public static Map<String, ViewInfo> of(FlywheelSpec spec) {
        Map<String, ViewInfo> views = new LinkedHashMap<>();
        for (FeatureViewSpec view : spec.featureViews()) {
            views.put(view.name(), new ViewInfo(view.entities(), view.ttl().map(Duration::toMillis).orElse(0L)));
        }
        return views;
    }
}
