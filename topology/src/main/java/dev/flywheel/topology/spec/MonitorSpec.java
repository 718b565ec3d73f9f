package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A drift monitor.
 *
 * @param name the monitor name
 * @param target what it watches
 * @param model the model whose champion's training data is the reference; empty means the model using the view
 * @param referenceDataset an explicit reference dataset id, overriding the champion's
 * @param window the window compared with the reference (unused by concept drift: {@link #CONCEPT_WINDOW} when not given)
 * @param method the drift statistic
 * @param threshold the drift threshold; empty means the method's documented default
 * @param driftShare the share of drifted features at which the whole view counts as drifted
 * @param features per-feature overrides
 * @param detector the error-rate detector (concept drift only)
 * @param cooldown how long after an alarm another alarm is suppressed
 * @param joinWindow concept drift only: how far apart in event time a prediction and its label may be and still
 *                   join (how long a prediction waits for its label), either side of the prediction
 */
public record MonitorSpec(String name, MonitorTarget target, Optional<String> model,
                          Optional<String> referenceDataset, MonitorWindow window, DriftMethod method,
                          OptionalDouble threshold, double driftShare, List<FeatureOverride> features,
                          ErrorRateDetector detector, Duration cooldown, Duration joinWindow) {

    /** Share of drifted features that makes a view drifted when a spec does not say (Evidently's default). */
    public static final double DEFAULT_DRIFT_SHARE = 0.5;

    /**
     * The window of a concept-drift monitor that gives none. Concept monitors do not use a window (the error-rate
     * detector adapts its own); this only fills the record.
     */
    public static final MonitorWindow CONCEPT_WINDOW = new MonitorWindow.Count(1000, 1000);

    /** Alarm cooldown when a spec does not say. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(1);

    /**
     * Join window of a concept-drift monitor when a spec does not say: labels that arrive the same day join,
     * and the join's stores hold about a day of predictions and labels.
     */
    public static final Duration DEFAULT_JOIN_WINDOW = Duration.ofHours(24);

    /** Checks the parts are present and copies the list. */
    public MonitorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(referenceDataset, "referenceDataset");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(joinWindow, "joinWindow");
        features = List.copyOf(features);
    }

    /**
     * A monitor with the default join window ({@link #DEFAULT_JOIN_WINDOW}), as before the spec had one.
     *
     * @param name the monitor name
     * @param target what it watches
     * @param model the model whose champion's training data is the reference
     * @param referenceDataset an explicit reference dataset id
     * @param window the window compared with the reference
     * @param method the drift statistic
     * @param threshold the drift threshold
     * @param driftShare the share of drifted features at which the whole view counts as drifted
     * @param features per-feature overrides
     * @param detector the error-rate detector (concept drift only)
     * @param cooldown how long after an alarm another alarm is suppressed
     */
    public MonitorSpec(String name, MonitorTarget target, Optional<String> model, Optional<String> referenceDataset,
                       MonitorWindow window, DriftMethod method, OptionalDouble threshold, double driftShare,
                       List<FeatureOverride> features, ErrorRateDetector detector, Duration cooldown) {
        this(name, target, model, referenceDataset, window, method, threshold, driftShare, features, detector,
                cooldown, DEFAULT_JOIN_WINDOW);
    }

    /**
     * Returns this monitor with another join window.
     *
     * @param joinWindow the join window
     * @return the changed monitor
     */
    public MonitorSpec withJoinWindow(Duration joinWindow) {
        return new MonitorSpec(name, target, model, referenceDataset, window, method, threshold, driftShare, features,
                detector, cooldown, joinWindow);
    }
}
