package dev.flywheel.topology.spec;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A monitor's per-feature choice of method or threshold.
 *
 * @param feature the feature name in the monitored view
 * @param method the method for this feature, if not the monitor's
 * @param threshold the threshold for this feature, if not the monitor's
 */
public record FeatureOverride(String feature, Optional<DriftMethod> method, OptionalDouble threshold) {

    /** Checks the parts are present. */
    public FeatureOverride {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(threshold, "threshold");
    }
}
