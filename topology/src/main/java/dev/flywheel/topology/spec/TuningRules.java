package dev.flywheel.topology.spec;

/**
 * Checks a model's tuning block and its parameters (a Katib Experiment). With the {@code local} backend tuning is
 * accepted and not run (the model trains once with the trainer's defaults), so that one spec can switch backends.
 */
final class TuningRules {

    private final Check check;

    TuningRules(Check check) {
        this.check = check;
    }

    void tuning(String path, TuningSpec tuning) {
        check.atLeast(path + ".max_trials", tuning.maxTrials(), 1);
        check.atLeast(path + ".parallel", tuning.parallel(), 1);
        if (tuning.parallel() > tuning.maxTrials() && tuning.maxTrials() >= 1) {
            check.problem(path + ".parallel", "parallel " + tuning.parallel() + " is more than max_trials "
                    + tuning.maxTrials());
        }
        tuning.maxFailed().ifPresent(failed -> check.atLeast(path + ".max_failed", failed, 0));
        if (tuning.parameters().isEmpty()) {
            check.problem(path + ".parameters", "tuning needs at least one parameter");
        }
        for (ParameterSpec parameter : tuning.parameters()) {
            parameter(path + ".parameters." + parameter.name(), parameter, tuning.algorithm());
        }
    }

    private void parameter(String path, ParameterSpec parameter, TuningAlgorithm algorithm) {
        String type = parameter.type().yamlName();
        boolean numeric = parameter.type() == ParameterType.DOUBLE || parameter.type() == ParameterType.INT;
        if (!numeric) {
            String why = "a " + type + " parameter takes its choices from 'values'";
            notGiven(path + ".min", parameter.min().isPresent(), "min", why);
            notGiven(path + ".max", parameter.max().isPresent(), "max", why);
            notGiven(path + ".step", parameter.step().isPresent(), "step", why);
            if (parameter.values().isEmpty()) {
                check.problem(path + ".values", "a " + type + " parameter needs 'values'");
            }
            return;
        }
        notGiven(path + ".values", !parameter.values().isEmpty(), "values", "a " + type
                + " parameter ranges from 'min' to 'max'; for a list of choices leave out 'type' or use discrete");
        if (parameter.min().isEmpty() || parameter.max().isEmpty()) {
            check.problem(path, "a " + type + " parameter needs 'min' and 'max'");
            return;
        }
        double min = parameter.min().getAsDouble();
        double max = parameter.max().getAsDouble();
        if (parameter.type() == ParameterType.INT) {
            whole(path + ".min", min);
            whole(path + ".max", max);
            parameter.step().ifPresent(step -> whole(path + ".step", step));
        }
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
        if (algorithm == TuningAlgorithm.GRID && parameter.type() == ParameterType.DOUBLE && parameter.step().isEmpty()) {
            check.problem(path, "grid search cannot enumerate a continuous range: give this double parameter a 'step'");
        }
    }

    private void notGiven(String path, boolean given, String key, String why) {
        if (given) {
            check.problem(path, "'" + key + "' does nothing here (" + why + "): remove it");
        }
    }

    private void whole(String path, double value) {
        if (value != Math.rint(value)) {
            check.problem(path, "an int parameter needs whole numbers, got " + value);
        }
    }
}
