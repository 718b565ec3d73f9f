package dev.flywheel.topology.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * One feature of a view.
 *
 * @param name the feature name, unique within its view
 * @param aggregation how it is computed
 * @param field the source field it reads; empty for {@code count}
 * @param window its window; empty for unwindowed features (passthrough, or an aggregate over all time)
 */
public record FeatureSpec(String name, Aggregation aggregation, Optional<String> field, Optional<WindowSpec> window) {

    /** Checks the parts are present. */
    public FeatureSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(window, "window");
    }
}
