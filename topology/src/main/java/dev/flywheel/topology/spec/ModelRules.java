package dev.flywheel.topology.spec;

import java.util.List;

/**
 * Checks models: feature refs, label, retraining and promotion; trainer and tuning in {@link TrainerRules} and
 * {@link TuningRules}.
 */
final class ModelRules {

    private final Check check;

    ModelRules(Check check) {
        this.check = check;
    }

    void check() {
        List<ModelSpec> models = check.spec.models();
        for (int i = 0; i < models.size(); i++) {
            model("models[" + i + "]", models.get(i));
        }
    }

    private void model(String path, ModelSpec model) {
        check.name(path + ".name", model.name(), "model");
        if (model.features().isEmpty()) {
            check.problem(path + ".features", "a model needs at least one feature");
        }
        check.unique(path + ".features", model.features(), FeatureRef::toString, "", "feature reference");
        for (int f = 0; f < model.features().size(); f++) {
            featureRef(path + ".features[" + f + "]", model.features().get(f));
        }
        check.reference(path + ".label", model.label(), check.spec.labels().stream().map(LabelSpec::name).toList(),
                "label");
        new TrainerRules(check).trainer(path + ".trainer", model.trainer());
        model.tuning().ifPresent(tuning -> new TuningRules(check).tuning(path + ".tuning", tuning));
        retrain(path + ".retrain", model.retrain());
        model.promotion().ifPresent(promotion -> {
            if (promotion.minGain() < 0) {
                check.problem(path + ".promotion.min_gain", "must not be negative, got " + promotion.minGain());
            }
        });
    }

    private void featureRef(String path, FeatureRef ref) {
        List<String> views = check.spec.featureViews().stream().map(FeatureViewSpec::name).toList();
        if (!views.contains(ref.view())) {
            check.reference(path, ref.view(), views, "feature view");
            return;
        }
        List<String> features = check.spec.featureView(ref.view()).orElseThrow().features().stream()
                .map(FeatureSpec::name).toList();
        if (!features.contains(ref.feature())) {
            check.problem(path, "view '" + ref.view() + "' has no feature '" + ref.feature() + "' "
                    + Suggestions.hint(ref.feature(), features));
        }
    }

    private void retrain(String path, RetrainSpec retrain) {
        retrain.onDrift().ifPresent(onDrift -> {
            if (onDrift.minShare() < 0 || onDrift.minShare() > 1) {
                check.problem(path + ".on_drift.min_share", "must be in [0, 1], got " + onDrift.minShare());
            }
            onDrift.minScore().ifPresent(score -> {
                if (score <= 0) {
                    check.problem(path + ".on_drift.min_score", "must be positive, got " + score);
                }
            });
            List<String> monitors = check.spec.monitors().stream().map(MonitorSpec::name).toList();
            onDrift.monitors().forEach(m -> check.reference(path + ".on_drift.monitors", m, monitors, "monitor"));
        });
        retrain.onNewRows().ifPresent(rows -> {
            if (rows < 1) {
                check.problem(path + ".on_new_rows", "must be at least 1, got " + rows);
            }
        });
        retrain.schedule().ifPresent(schedule -> check.positive(path + ".schedule", schedule));
        if (retrain.maxConcurrent() < 1) {
            check.problem(path + ".max_concurrent", "must be at least 1, got " + retrain.maxConcurrent());
        }
    }
}
