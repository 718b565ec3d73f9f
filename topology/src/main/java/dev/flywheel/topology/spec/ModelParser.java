package dev.flywheel.topology.spec;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.yaml.snakeyaml.nodes.Node;

/** Parses the {@code models} section, with retraining and promotion; trainer and tuning are in {@link TrainerParser}. */
final class ModelParser {

    private static final List<String> MODEL_KEYS = List.of("name", "features", "label", "trainer", "tuning",
            "retrain", "promotion");
    private static final List<String> RETRAIN_KEYS = List.of("on_drift", "on_new_rows", "schedule", "cooldown",
            "max_concurrent", "coalesce");
    private static final List<String> ON_DRIFT_KEYS = List.of("min_share", "min_score", "monitors");
    private static final List<String> PROMOTION_KEYS = List.of("metric", "goal", "min_gain", "auto");

    private final Problems problems;
    private final TrainerParser trainers;

    ModelParser(Problems problems) {
        this.problems = problems;
        this.trainers = new TrainerParser(problems);
    }

    Optional<ModelSpec> model(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, MODEL_KEYS);
        String name = map.requiredString("name");
        map.require("features");
        List<FeatureRef> features = map.list("features", this::featureRef);
        String label = map.requiredString("label");
        TrainerSpec trainer = map.node("trainer").map(n -> trainers.trainer(n, map.child("trainer")))
                .orElse(TrainerSpec.DEFAULT);
        Optional<TuningSpec> tuning = map.node("tuning").map(n -> trainers.tuning(n, map.child("tuning")));
        RetrainSpec retrain = map.node("retrain").map(n -> retrain(n, map.child("retrain")))
                .orElse(RetrainSpec.MANUAL);
        Optional<PromotionSpec> promotion = map.node("promotion").map(n -> promotion(n, map.child("promotion")));
        return Optional.of(new ModelSpec(name, features, label, trainer, tuning, retrain, promotion));
    }

    private Optional<FeatureRef> featureRef(Node node, String path) {
        Optional<String> text = Scalars.string(node, path, problems);
        Optional<FeatureRef> ref = text.flatMap(FeatureRef::parse);
        if (text.isPresent() && ref.isEmpty()) {
            problems.at(node, path, "invalid feature reference '" + text.get() + "' (expected view:feature)");
        }
        return ref;
    }

    private RetrainSpec retrain(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, RETRAIN_KEYS);
        Optional<DriftTrigger> onDrift = map.node("on_drift").map(n -> onDrift(n, map.child("on_drift")));
        OptionalLong onNewRows = map.integer("on_new_rows");
        return new RetrainSpec(onDrift, onNewRows, map.duration("schedule"),
                map.duration("cooldown").orElse(RetrainSpec.DEFAULT_COOLDOWN),
                SourceParser.smallInt(map, "max_concurrent").orElse(1),
                map.duration("coalesce").orElse(RetrainSpec.DEFAULT_COALESCE));
    }

    private DriftTrigger onDrift(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, ON_DRIFT_KEYS);
        return new DriftTrigger(map.number("min_share").orElse(0.0), map.number("min_score"),
                map.strings("monitors"));
    }

    private PromotionSpec promotion(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, PROMOTION_KEYS);
        String metric = map.requiredString("metric");
        Goal goal = map.enumValue("goal", Goal.class, "goal").orElse(PromotionSpec.defaultGoal(metric));
        return new PromotionSpec(metric, goal, map.number("min_gain").orElse(0.0), map.bool("auto").orElse(true));
    }
}
