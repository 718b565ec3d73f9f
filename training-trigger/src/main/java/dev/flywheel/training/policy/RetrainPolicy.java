package dev.flywheel.training.policy;

import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.Severity;
import dev.flywheel.topology.spec.DriftTrigger;
import dev.flywheel.topology.spec.FeatureRef;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorTarget;
import dev.flywheel.topology.spec.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pure rules: which models an event concerns, and whether a drift alarm passes a model's thresholds. No state:
 * counting rows, cooldown, coalescing and concurrency are the {@link PolicyProcessor}'s.
 */
public final class RetrainPolicy {

    private final FlywheelSpec spec;
    private final Severity minSeverity;

    /**
     * Creates the rules.
     *
     * @param spec the models and monitors
     * @param minSeverity the least severity of a drift alarm that may trigger (every model)
     */
    public RetrainPolicy(FlywheelSpec spec, Severity minSeverity) {
        this.spec = spec;
        this.minSeverity = minSeverity;
    }

    /** The models with a drift trigger that a drift alarm is about (its model, or its monitor / view). */
    public List<String> modelsOf(DriftDetected alarm) {
        List<String> models = new ArrayList<>();
        for (ModelSpec model : spec.models()) {
            Optional<DriftTrigger> trigger = model.retrain().onDrift();
            if (trigger.isEmpty() || alarm.getModel() != null && !alarm.getModel().equals(model.name())) {
                continue;
            }
            boolean watched = trigger.get().monitors().isEmpty()
                    ? alarm.getModel() != null || viewOf(alarm).map(model.views()::contains).orElse(false)
                    : trigger.get().monitors().contains(alarm.getMonitor());
            if (watched) {
                models.add(model.name());
            }
        }
        return models;
    }

    /** The models with a new-rows trigger that read the rows of a {@code DataAvailable} (a view's, or the label's). */
    public List<String> modelsOf(DataAvailable data) {
        boolean features = !"SOURCE".equalsIgnoreCase(data.getKind());
        return spec.models().stream().filter(m -> m.retrain().onNewRows().isPresent())
                .filter(m -> features ? m.views().contains(data.getView()) : labelSource(m).equals(data.getView()))
                .map(ModelSpec::name).toList();
    }

    /** The source whose offline rows are a model's labels: the label's own, or the one that reads its topic. */
    private String labelSource(ModelSpec model) {
        return spec.labelSource(model.label()).map(SourceSpec::name).orElse(model.label());
    }

    /**
     * Whether a drift alarm passes a model's thresholds: severity, drifted share (the alarm's, or else the share of
     * the model's features of that view that it names) and score (a distance's; a p-value is not held to it).
     */
    public Decision evaluate(ModelSpec model, DriftDetected alarm) {
        DriftTrigger trigger = model.retrain().onDrift().orElseThrow();
        if (alarm.getSeverity().ordinal() < minSeverity.ordinal()) {
            return Decision.reject("severity " + alarm.getSeverity() + " < " + minSeverity);
        }
        double share = alarm.getDriftedShare() != null ? alarm.getDriftedShare() : share(model, alarm);
        if (share < trigger.minShare()) {
            return Decision.reject(String.format(Locale.ROOT, "drift share %.2f < %.2f on %s", share,
                    trigger.minShare(), alarm.getMonitor()));
        }
        // A p-value method's score falls as drift grows (KS, chi-square), so "at least min_score" would keep the
        // weakest alarms and drop the strongest: min_score ranks distances only; those alarms already beat a p-value
        // threshold and still face min_share.
        boolean scoreIsPValue = alarm.getPValue() != null;
        if (trigger.minScore().isPresent() && !scoreIsPValue && alarm.getScore() < trigger.minScore().getAsDouble()) {
            return Decision.reject(String.format(Locale.ROOT, "drift score %.4f < %.4f on %s", alarm.getScore(),
                    trigger.minScore().getAsDouble(), alarm.getMonitor()));
        }
        return Decision.accept(String.format(Locale.ROOT, "drift share %.2f >= %.2f on %s (%s, %s %.4f, %s)", share,
                trigger.minShare(), alarm.getMonitor(), alarm.getFeature() == null ? "dataset" : alarm.getFeature(),
                alarm.getMethod(), alarm.getScore(), alarm.getSeverity()));
    }

    private double share(ModelSpec model, DriftDetected alarm) {
        Set<String> drifted = new java.util.HashSet<>(alarm.getDriftedFeatures());
        if (drifted.isEmpty() && alarm.getFeature() != null) {
            drifted.add(alarm.getFeature());
        }
        Optional<String> view = viewOf(alarm);
        Set<String> watched = model.features().stream()
                .filter(f -> view.isEmpty() || f.view().equals(view.get()))
                .map(FeatureRef::toString).collect(Collectors.toSet());
        if (watched.isEmpty()) {
            return 0;
        }
        return (double) watched.stream().filter(drifted::contains).count() / watched.size();
    }

    private Optional<String> viewOf(DriftDetected alarm) {
        if (alarm.getView() != null) {
            return Optional.of(alarm.getView());
        }
        return spec.monitor(alarm.getMonitor()).map(MonitorSpec::target)
                .filter(MonitorTarget.Data.class::isInstance).map(t -> ((MonitorTarget.Data) t).view());
    }
}
