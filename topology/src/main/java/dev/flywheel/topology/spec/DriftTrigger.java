package dev.flywheel.topology.spec;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Retraining on drift.
 *
 * @param minShare the smallest share of drifted features that triggers (0 to 1)
 * @param minScore the smallest drift score that triggers, if any
 * @param monitors the monitors that may trigger; empty means every monitor of the model's views
 */
public record DriftTrigger(double minShare, OptionalDouble minScore, List<String> monitors) {

    /** Checks the parts are present and copies the list. */
    public DriftTrigger {
        Objects.requireNonNull(minScore, "minScore");
        monitors = List.copyOf(monitors);
    }
}
