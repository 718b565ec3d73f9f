package dev.flywheel.cli.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * What the demo runs against and how hard it pushes.
 *
 * @param model the model the loop retrains
 * @param view the feature view its drift monitor watches
 * @param labels the labels source
 * @param rate payments a second, each with its label
 * @param warmupRows rows of the view and of the labels the offline tier must hold before the first training
 * @param timeout how long the whole loop may take
 */
public record DemoPlan(String model, String view, String labels, int rate, long warmupRows, Duration timeout) {

    /** Checks every value. */
    public DemoPlan {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(timeout, "timeout");
        if (rate < 1) {
            throw new IllegalArgumentException("rate must be >= 1, was " + rate);
        }
        if (warmupRows < 1) {
            throw new IllegalArgumentException("warmupRows must be >= 1, was " + warmupRows);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }
}
