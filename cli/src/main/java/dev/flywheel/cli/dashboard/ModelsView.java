package dev.flywheel.cli.dashboard;

import dev.flywheel.registry.ModelInfo;
import dev.flywheel.registry.RegistryNotFoundException;
import dev.flywheel.registry.versions.ModelSummary;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.topology.spec.PromotionSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * The registry's models as the dashboard sees them where no registry runs in its process ({@code flywheel run
 * dashboard}): folded from the events of {@code flywheel.models}, read from its beginning. A version's latest
 * {@code ModelVersion} gives its stage; the {@code ModelPromoted} events, in order, give the champion and the
 * rollback stack, with the registry's own {@link ModelSummary} rules. Read-only: promote and rollback still go to
 * the registry's routes, wherever it runs.
 */
final class ModelsView {

    private final Map<String, ModelSummary> summaries = new TreeMap<>();
    private final Map<String, Map<Integer, ModelVersion>> versions = new TreeMap<>();
    private final FlywheelSpec spec;

    private ModelsView(FlywheelSpec spec) {
        this.spec = spec;
    }

    /**
     * Folds the events of {@code flywheel.models}.
     *
     * @param spec the spec (models it declares show even before their first version)
     * @param events the topic's events, oldest first
     * @return the view
     */
    static ModelsView of(FlywheelSpec spec, List<SpecificRecord> events) {
        ModelsView view = new ModelsView(spec);
        spec.models().forEach(model -> view.summary(model.name()));
        for (SpecificRecord event : events) {
            if (event instanceof ModelVersion version) {
                view.versions.computeIfAbsent(version.getModel(), m -> new TreeMap<>()).put(version.getVersion(),
                        version);
                view.summaries.put(version.getModel(), view.summary(version.getModel())
                        .withRegistered(version.getVersion(), String.valueOf(version.getRequestId())));
            } else if (event instanceof ModelPromoted promoted) {
                view.summaries.put(promoted.getModel(), view.summary(promoted.getModel())
                        .withChampion(promoted.getVersion(), promoted.getRollback()));
            }
        }
        return view;
    }

    private ModelSummary summary(String model) {
        return summaries.computeIfAbsent(model, ModelSummary::empty);
    }

    /** Every model, by name. */
    List<ModelInfo> models() {
        List<ModelInfo> models = new ArrayList<>();
        summaries.forEach((name, summary) -> {
            Optional<ModelSpec> declared = spec.model(name);
            models.add(new ModelInfo(name, declared.isPresent(), summary.latestVersion(), summary.champion(),
                    summary.previousChampions(), declared.flatMap(ModelSpec::promotion).map(ModelsView::describe)
                    .orElse(null)));
        });
        return models;
    }

    /**
     * A model's versions, oldest first.
     *
     * @throws RegistryNotFoundException for a model neither the spec nor the topic knows
     */
    List<ModelVersion> versions(String model) {
        if (!summaries.containsKey(model)) {
            throw new RegistryNotFoundException("Unknown model '" + model + "' (known: " + String.join(", ",
                    summaries.keySet()) + ")");
        }
        return versions.getOrDefault(model, Map.of()).values().stream()
                .sorted(Comparator.comparingInt(ModelVersion::getVersion)).toList();
    }

    private static String describe(PromotionSpec promotion) {
        return promotion.metric() + " " + promotion.goal().yamlName() + ", min_gain " + promotion.minGain()
                + (promotion.auto() ? "" : ", by hand only");
    }
}
