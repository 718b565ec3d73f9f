package dev.flywheel.topology.spec;

import java.util.List;

/** Checks drift monitors. */
final class MonitorRules {

    private final Check check;

    MonitorRules(Check check) {
        this.check = check;
    }

    void check() {
        List<MonitorSpec> monitors = check.spec.monitors();
        for (int i = 0; i < monitors.size(); i++) {
            monitor("monitors[" + i + "]", monitors.get(i));
        }
    }

    private void monitor(String path, MonitorSpec monitor) {
        check.name(path + ".name", monitor.name(), "monitor");
        target(path, monitor);
        monitor.model().ifPresent(model -> check.reference(path + ".model", model,
                check.spec.models().stream().map(ModelSpec::name).toList(), "model"));
        window(path, monitor.window());
        monitor.threshold().ifPresent(t -> threshold(path + ".threshold", t,
                monitor.target() instanceof MonitorTarget.Concept ? DriftMethod.AUTO : monitor.method()));
        if (monitor.driftShare() <= 0 || monitor.driftShare() > 1) {
            check.problem(path + ".drift_share", "must be in (0, 1], got " + monitor.driftShare());
        }
        check.positive(path + ".join_window", monitor.joinWindow());
        overrides(path, monitor);
    }

    private void target(String path, MonitorSpec monitor) {
        MonitorTarget target = monitor.target();
        if (target instanceof MonitorTarget.Data data) {
            check.reference(path + ".view", data.view(),
                    check.spec.featureViews().stream().map(FeatureViewSpec::name).toList(), "feature view");
            List<String> readers = check.spec.models().stream().filter(m -> m.views().contains(data.view()))
                    .map(ModelSpec::name).toList();
            if (monitor.model().isEmpty() && monitor.referenceDataset().isEmpty()
                    && check.spec.featureView(data.view()).isPresent()) {
                if (readers.isEmpty()) {
                    check.problem(path, "no reference data: no model uses view '" + data.view()
                            + "', so name a 'model' or a 'reference_dataset'");
                } else if (readers.size() > 1) {
                    check.problem(path, "no reference data: models " + String.join(", ", readers) + " all read view '"
                            + data.view() + "', so name the 'model' whose champion's training data is the reference");
                }
            }
        } else if (target instanceof MonitorTarget.Prediction prediction) {
            predictions(path, prediction.predictions());
            // without a model the reference is the first predictions and no promotion ever moves it
            if (monitor.model().isEmpty() && monitor.referenceDataset().isEmpty() && check.spec.models().size() > 1) {
                check.problem(path, "whose predictions? models " + String.join(", ", modelNames())
                        + " are all in the spec, so name the 'model' (its champion's promotions move the reference)");
            }
        } else if (target instanceof MonitorTarget.Concept concept) {
            predictions(path, concept.predictions());
            check.reference(path + ".label", concept.label(),
                    check.spec.labels().stream().map(LabelSpec::name).toList(), "label");
            List<String> learners = check.spec.models().stream().filter(m -> m.label().equals(concept.label()))
                    .map(ModelSpec::name).toList();
            // without a model no promotion resets the detector: the new champion is judged by the old one's errors
            if (monitor.model().isEmpty() && learners.size() > 1) {
                check.problem(path, "whose errors? models " + String.join(", ", learners) + " all learn label '"
                        + concept.label() + "', so name the 'model' whose promotions reset the detector");
            }
        }
    }

    /** Distances must be positive; the p-value tests ks and chi_square drift below their threshold, so it is in (0, 1). */
    private void threshold(String path, double threshold, DriftMethod method) {
        boolean pValue = method == DriftMethod.KS || method == DriftMethod.CHI_SQUARE;
        if (threshold <= 0) {
            check.problem(path, "must be positive, got " + threshold);
        } else if (pValue && threshold >= 1) {
            check.problem(path, "'" + method.yamlName() + "' drifts when its p-value is below the threshold, so it "
                    + "must be in (0, 1), got " + threshold);
        }
    }

    private void predictions(String path, MonitorTarget.PredictionStream predictions) {
        check.topic(path + ".predictions.topic", predictions.topic());
        check.field(path + ".predictions.key", predictions.key());
        check.field(path + ".predictions.field", predictions.field());
        predictions.timestamp().ifPresent(ts -> check.field(path + ".predictions.timestamp", ts));
    }

    /** Sliding windows are kept as a ring of slides, so the size must be a whole number of slides. */
    private void window(String path, MonitorWindow window) {
        if (window instanceof MonitorWindow.Count count) {
            if (count.size() <= 0 || count.slide() <= 0) {
                check.problem(path + (count.size() <= 0 ? ".window" : ".slide"), "must be a positive count");
            } else if (count.size() % count.slide() != 0) {
                check.problem(path + ".slide", "slide " + count.slide() + " must divide the window "
                        + count.size() + " (it is kept as a ring of whole slides)");
            }
        } else if (window instanceof MonitorWindow.Time time) {
            check.positive(path + ".window", time.size());
            check.positive(path + ".slide", time.slide());
            if (time.slide().toMillis() > 0 && time.size().toMillis() % time.slide().toMillis() != 0) {
                check.problem(path + ".slide", "slide " + Durations.format(time.slide())
                        + " must divide the window " + Durations.format(time.size())
                        + " (it is kept as a ring of whole slides)");
            }
        }
    }

    private void overrides(String path, MonitorSpec monitor) {
        if (monitor.features().isEmpty()) {
            return;
        }
        if (!(monitor.target() instanceof MonitorTarget.Data data)) {
            check.problem(path + ".features", "per-feature settings apply only to a monitor of a 'view'");
            return;
        }
        check.spec.featureView(data.view()).ifPresent(view -> {
            List<String> features = view.features().stream().map(FeatureSpec::name).toList();
            for (FeatureOverride override : monitor.features()) {
                check.reference(path + ".features." + override.feature(), override.feature(), features,
                        "feature");
                override.threshold().ifPresent(t -> threshold(path + ".features." + override.feature()
                        + ".threshold", t, override.method().orElse(monitor.method())));
            }
        });
    }

    private List<String> modelNames() {
        return check.spec.models().stream().map(ModelSpec::name).toList();
    }
}
