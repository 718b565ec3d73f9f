package dev.flywheel.features.serving;

import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What serving needs to know of a feature view.
 *
 * @param name the view
 * @param entities its join keys with their stored types
 * @param features its feature names
 * @param maxAge values older than this are served with status OUTSIDE_MAX_AGE (the view's ttl); empty = never
 */
public record ServingView(String name, List<EntityField> entities, List<String> features, Optional<Duration> maxAge) {

    /** Checks the parts are present and copies the lists. */
    public ServingView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(maxAge, "maxAge");
        entities = List.copyOf(entities);
        features = List.copyOf(features);
        if (entities.isEmpty()) {
            throw new IllegalArgumentException("view " + name + " has no entity");
        }
    }

    /**
     * The serving view of a spec'd view.
     *
     * @param view the view from {@code flywheel.yaml}
     * @param types the stored type of each of its entities
     * @return the serving view; its max age is the view's ttl
     */
    public static ServingView of(FeatureViewSpec view, EntityTypes types) {
        List<EntityField> entities = view.entities().stream()
                .map(entity -> new EntityField(entity, types.typeOf(view.name(), entity)))
                .toList();
        return new ServingView(view.name(), entities, view.features().stream().map(FeatureSpec::name).toList(),
                view.ttl().filter(ttl -> !ttl.isZero()));
    }

    /** Whether the view has a feature of this name. */
    public boolean hasFeature(String feature) {
        return features.contains(feature);
    }
}
