package dev.flywheel.topology.spec;

import java.util.regex.Pattern;

/** Checks a model's trainer and tuning blocks. */
final class TrainerRules {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Check check;

    TrainerRules(Check check) {
        this.check = check;
    }

    void trainer(String path, TrainerSpec trainer) {
        TrainerBackend backend = trainer.backend();
        if (backend.onKubernetes() && trainer.image().isEmpty()) {
            check.problem(path + ".image", "backend '" + backend.yamlName() + "' runs on Kubernetes and needs an 'image'");
        }
        if (backend == TrainerBackend.TRAINJOB && trainer.runtime().isEmpty()) {
            check.problem(path + ".runtime", "backend 'trainjob' needs a 'runtime' (the TrainingRuntime to use)");
        }
        atLeast(path + ".gpu", trainer.gpu(), 0);
        atLeast(path + ".nodes", trainer.nodes(), 1);
        if (trainer.nodes() > 1 && !backend.multiNode()) {
            check.problem(path + ".nodes", "backend '" + backend.yamlName()
                    + "' runs on one node; use trainjob or pytorchjob for " + trainer.nodes());
        }
        trainer.backoffLimit().ifPresent(limit -> atLeast(path + ".backoff_limit", limit, 0));
        trainer.deadline().ifPresent(deadline -> check.positive(path + ".deadline", deadline));
        for (String name : trainer.env().keySet()) {
            envName(path + ".env." + name, name);
        }
        for (String name : trainer.secrets().keySet()) {
            envName(path + ".secrets." + name, name);
        }
    }

    void tuning(String path, TuningSpec tuning) {
        atLeast(path + ".max_trials", tuning.maxTrials(), 1);
        atLeast(path + ".parallel", tuning.parallel(), 1);
        if (tuning.parallel() > tuning.maxTrials() && tuning.maxTrials() >= 1) {
            check.problem(path + ".parallel", "parallel " + tuning.parallel() + " is more than max_trials "
                    + tuning.maxTrials());
        }
        tuning.maxFailed().ifPresent(failed -> atLeast(path + ".max_failed", failed, 0));
        if (tuning.parameters().isEmpty()) {
            check.problem(path + ".parameters", "tuning needs at least one parameter");
        }
        for (ParameterSpec parameter : tuning.parameters()) {
            parameter(path + ".parameters." + parameter.name(), parameter);
        }
    }

    private void parameter(String path, ParameterSpec parameter) {
        boolean numeric = parameter.type() == ParameterType.DOUBLE || parameter.type() == ParameterType.INT;
        if (!numeric) {
            if (parameter.values().isEmpty()) {
                check.problem(path + ".values", "a " + parameter.type().yamlName() + " parameter needs 'values'");
            }
            return;
        }
        if (parameter.min().isEmpty() || parameter.max().isEmpty()) {
            check.problem(path, "a " + parameter.type().yamlName() + " parameter needs 'min' and 'max'");
            return;
        }
        double min = parameter.min().getAsDouble();
        double max = parameter.max().getAsDouble();
        if (min > max) {
            check.problem(path + ".min", "min " + min + " is greater than max " + max);
        }
        if (parameter.scale() == Scale.LOG && min <= 0) {
            check.problem(path + ".min", "a log scale needs a positive min, got " + min);
        }
        parameter.step().ifPresent(step -> {
            if (step <= 0) {
                check.problem(path + ".step", "must be positive, got " + step);
            }
        });
    }

    private void atLeast(String path, int value, int least) {
        if (value < least) {
            check.problem(path, "must be at least " + least + ", got " + value);
        }
    }

    private void envName(String path, String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            check.problem(path, "invalid environment variable name '" + name + "'");
        }
    }
}
