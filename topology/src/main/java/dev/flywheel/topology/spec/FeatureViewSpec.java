package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A feature view: features computed continuously from one source, keyed by entity.
 *
 * @param name the view name; the output topic is {@code features.<name>}
 * @param source the name of the source it reads
 * @param entities the entity key fields, at least one
 * @param ttl how long a value stays valid for serving and point-in-time joins; empty means forever
 * @param grace how late an out-of-order event may arrive and still update its window
 * @param features the features, at least one
 */
public record FeatureViewSpec(String name, String source, List<String> entities, Optional<Duration> ttl, Duration grace,
                              List<FeatureSpec> features) {

    /** Checks the parts are present and copies the lists. */
    public FeatureViewSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(grace, "grace");
        entities = List.copyOf(entities);
        features = List.copyOf(features);
    }

    /** Returns the feature with this name, if the view has one. */
    public Optional<FeatureSpec> feature(String featureName) {
        return features.stream().filter(f -> f.name().equals(featureName)).findFirst();
    }
}
