package dev.flywheel.topology.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The whole pipeline spec, {@code flywheel.yaml}: what flows, what is computed, what is watched, what
 * is trained. Infrastructure endpoints are deliberately not part of it (they come from
 * {@code dev.flywheel.topology.config}), so one spec runs unchanged locally and in production.
 *
 * <p>Load it with {@link SpecLoader}; an instance from there has passed {@link SpecValidator} and has a source for
 * every label ({@link #withLabelSources()}), so labels are ingested, land in the offline tier and feed training
 * without a source of their own in the file.
 *
 * @param project the project name
 * @param sources the sources; from {@link SpecLoader}, the file's followed by the implicit ones of labels
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

    /**
     * Returns the source whose records hold a label's records, in Kafka ({@code <source>.valid}) and in the offline
     * tier ({@code source=<source>}): the source of the label's name, else the source that reads the label's topic.
     *
     * @param label the label name
     * @return the source; empty for an unknown label, or one no source feeds (a spec built in code without
     *         {@link #withLabelSources()})
     */
    public Optional<SourceSpec> labelSource(String label) {
        return label(label).flatMap(spec -> source(spec.name())
                .or(() -> sources.stream().filter(source -> source.topic().equals(spec.topic())).findFirst()));
    }

    /**
     * Returns this spec with an implicit source ({@link SourceSpec#ofLabel}) for every label whose topic no source
     * reads, so the label's records are validated, reach {@code <label>.valid} and land in the offline tier's
     * {@code source=<label>} files like any source's. A label on a topic that a source already reads uses that
     * source; labels that share a topic share the implicit source of the first, which then requires only the key. {@link SpecLoader} applies it to every spec it returns; applying it twice changes nothing.
     *
     * @return the spec with every label fed by a source
     */
    public FlywheelSpec withLabelSources() {
        List<SourceSpec> all = new ArrayList<>(sources);
        for (LabelSpec label : labels) {
            boolean fed = all.stream().anyMatch(s -> s.name().equals(label.name()) || s.topic().equals(label.topic()));
            if (!fed) {
                // Labels that share a topic share its source, which requires no label's value then.
                boolean alone = labels.stream().filter(other -> other.topic().equals(label.topic())).count() == 1;
                all.add(SourceSpec.ofLabel(label, alone));
            }
        }
        return all.size() == sources.size() ? this
                : new FlywheelSpec(project, all, featureViews, labels, monitors, models);
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
