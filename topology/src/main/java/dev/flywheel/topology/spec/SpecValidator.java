package dev.flywheel.topology.spec;

import java.util.List;

/**
 * Checks what a parsed spec means, beyond its shape: names are valid and unique, references point at
 * something (a view's source, a model's {@code view:feature} refs and label, a monitor's view), and
 * ranges hold (windows and hops positive, hop at most the window, tuning min at most max, ...).
 *
 * <p>{@link SpecLoader} runs it; call it directly for a spec built in code.
 */
public final class SpecValidator {

    private SpecValidator() {
    }

    /**
     * Validates a spec.
     *
     * @param spec the spec
     * @param locations where its parts were written (empty for a spec built in code)
     * @return every problem found, empty when the spec is valid
     */
    public static List<SpecProblem> validate(FlywheelSpec spec, SpecLocations locations) {
        Check check = new Check(spec, locations);
        check.name("project", spec.project(), "project");
        check.unique("sources", spec.sources(), SourceSpec::name, ".name", "source name");
        check.unique("sources", spec.sources(), SourceSpec::topic, ".topic", "source topic");
        check.unique("feature_views", spec.featureViews(), FeatureViewSpec::name, ".name", "feature view name");
        check.unique("labels", spec.labels(), LabelSpec::name, ".name", "label name");
        check.unique("monitors", spec.monitors(), MonitorSpec::name, ".name", "monitor name");
        check.unique("models", spec.models(), ModelSpec::name, ".name", "model name");
        new SourceRules(check).check();
        new LabelRules(check).check();
        new ViewRules(check).check();
        new MonitorRules(check).check();
        new ModelRules(check).check();
        return List.copyOf(check.found());
    }

    /**
     * Validates a spec and throws when it is invalid.
     *
     * @param spec the spec
     * @param locations where its parts were written
     * @throws SpecException listing every problem
     */
    public static void requireValid(FlywheelSpec spec, SpecLocations locations) {
        List<SpecProblem> problems = validate(spec, locations);
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
    }
}
