package dev.flywheel.topology.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The whole pipeline spec, {@code flywheel.yaml}: what flows, what is computed, what is watched, what
 * is trained. Infrastructure endpoints are deliberately not part of it (they come from
 * {@code dev.flywheel.topology.config}), so one spec runs unchanged locally and in production.
 *
 * <p>Load it with {@link SpecLoader}; an instance from there has passed {@link SpecValidator}.
 *
 * @param project the project name
 * @param sources the sources
 * @param featureViews the feature views
 * @param labels the label streams
 * @param monitors the drift monitors
 * @param models the models
 */
public record FlywheelSpec(String project, List<SourceSpec> sources, List<FeatureViewSpec> featureViews,
                           List<LabelSpec> labels, List<MonitorSpec> monitors, List<ModelSpec> models) {

    /** Checks the parts are present and copies the lists. */
    public FlywheelSpec {
        Objects.requireNonNull(project, "project");
        sources = List.copyOf(sources);
        featureViews = List.copyOf(featureViews);
        labels = List.copyOf(labels);
        monitors = List.copyOf(monitors);
        models = List.copyOf(models);
    }

    /** Returns the source with this name, if any. */
    public Optional<SourceSpec> source(String name) {
        return find(sources, SourceSpec::name, name);
    }

    /** Returns the feature view with this name, if any. */
    public Optional<FeatureViewSpec> featureView(String name) {
        return find(featureViews, FeatureViewSpec::name, name);
    }

    /** Returns the label with this name, if any. */
    public Optional<LabelSpec> label(String name) {
        return find(labels, LabelSpec::name, name);
    }

    /** Returns the monitor with this name, if any. */
    public Optional<MonitorSpec> monitor(String name) {
        return find(monitors, MonitorSpec::name, name);
    }

    /** Returns the model with this name, if any. */
    public Optional<ModelSpec> model(String name) {
        return find(models, ModelSpec::name, name);
    }

    /** Returns the feature a reference points at, if it exists. */
    public Optional<FeatureSpec> feature(FeatureRef ref) {
        return featureView(ref.view()).flatMap(view -> view.feature(ref.feature()));
    }

    private static <T> Optional<T> find(List<T> items, Function<T, String> name, String wanted) {
        return items.stream().filter(item -> name.apply(item).equals(wanted)).findFirst();
    }
}
