package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/** Parses the {@code monitors} section. */
final class MonitorParser {

    private static final List<String> MONITOR_KEYS = List.of("name", "view", "predictions", "label", "model",
            "reference_dataset", "window", "slide", "method", "threshold", "drift_share", "features", "detector",
            "cooldown", "join_window");
    private static final List<String> PREDICTION_KEYS = List.of("topic", "key", "field", "timestamp");
    private static final List<String> OVERRIDE_KEYS = List.of("method", "threshold");
    /** What a concept monitor, which compares the error rate with its own past, has no use for. */
    private static final List<String> CONCEPT_UNUSED_KEYS = List.of("method", "slide", "drift_share",
            "reference_dataset");

    private final Problems problems;

    MonitorParser(Problems problems) {
        this.problems = problems;
    }

    Optional<MonitorSpec> monitor(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, MONITOR_KEYS);
        String name = map.requiredString("name");
        MonitorTarget target = target(map);
        refuseKeysOfOtherKinds(map, target);
        boolean concept = target instanceof MonitorTarget.Concept;
        if (!concept) {
            map.require("window");
        }
        // A concept monitor's detector adapts its own window: a window given there is accepted (older files had to
        // give one) and, like none, unused.
        MonitorWindow window = concept && !map.has("window") ? MonitorSpec.CONCEPT_WINDOW : window(map);
        Map<String, FeatureOverride> overrides = map.entries("features", this::override);
        return Optional.of(new MonitorSpec(name, target, map.string("model"), map.string("reference_dataset"),
                window, map.enumValue("method", DriftMethod.class, "drift method").orElse(DriftMethod.AUTO),
                map.number("threshold"), map.number("drift_share").orElse(MonitorSpec.DEFAULT_DRIFT_SHARE),
                new ArrayList<>(overrides.values()),
                map.enumValue("detector", ErrorRateDetector.class, "detector").orElse(ErrorRateDetector.ADWIN),
                map.duration("cooldown").orElse(MonitorSpec.DEFAULT_COOLDOWN),
                map.duration("join_window").orElse(MonitorSpec.DEFAULT_JOIN_WINDOW)));
    }

    /**
     * Refuses keys that the monitor's kind would silently ignore. Skipped while the kind itself is unclear (neither or
     * both of 'view' and 'predictions'): that is the one problem then.
     */
    private void refuseKeysOfOtherKinds(YamlMap map, MonitorTarget target) {
        if (map.has("view") == map.has("predictions")) {
            return;
        }
        if (target instanceof MonitorTarget.Concept) {
            for (String key : CONCEPT_UNUSED_KEYS) {
                refuse(map, key, "a concept-drift monitor runs its 'detector' over the error rate, so '" + key
                        + "' does nothing there: remove it");
            }
            return;
        }
        String conceptOnly = "' applies only to concept drift (a monitor of 'predictions' with a 'label')";
        refuse(map, "join_window", "'join_window" + conceptOnly);
        refuse(map, "detector", "'detector" + conceptOnly + ": remove it");
        if (target instanceof MonitorTarget.Prediction) {
            refuse(map, "drift_share", "a prediction-drift monitor watches one field, so 'drift_share' (the share of "
                    + "drifted features) does nothing there: remove it");
        }
    }

    private void refuse(YamlMap map, String key, String message) {
        map.node(key).ifPresent(value -> problems.at(value, map.child(key), message));
    }

    private MonitorTarget target(YamlMap map) {
        Optional<String> view = map.string("view");
        if (map.has("view") == map.has("predictions")) {
            problems.at(map.node(), map.path(), "a monitor watches either a 'view' (data drift) or "
                    + "'predictions' (prediction or concept drift), " + (map.has("view") ? "not both" : "got neither"));
        }
        if (map.has("label") && !map.has("predictions")) {
            problems.at(map.child("label"), "'label' needs 'predictions' (concept drift compares them)");
        }
        if (view.isPresent() || !map.has("predictions")) {
            return new MonitorTarget.Data(view.orElse(""));
        }
        MonitorTarget.PredictionStream predictions = predictions(map.node("predictions").orElseThrow(),
                map.child("predictions"));
        Optional<String> label = map.string("label");
        return label.<MonitorTarget>map(l -> new MonitorTarget.Concept(predictions, l))
                .orElseGet(() -> new MonitorTarget.Prediction(predictions));
    }

    private MonitorTarget.PredictionStream predictions(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, PREDICTION_KEYS);
        return new MonitorTarget.PredictionStream(map.requiredString("topic"), map.requiredString("key"),
                map.requiredString("field"), map.string("timestamp"));
    }

    /**
     * A window is a count of events (an integer) or a span of event time (a duration); slide likewise. A problem
     * of kind is reported at the value that has the wrong kind, and leaves a placeholder the validator accepts.
     */
    private MonitorWindow window(YamlMap map) {
        Optional<Node> size = map.node("window");
        if (size.isPresent() && Tag.FLOAT.equals(size.get().getTag())) {
            problems.at(size.get(), map.child("window"), "expected a count of events (a whole number such as 100000) "
                    + "or a duration such as 1h, got " + Scalars.describe(size.get()));
            return new MonitorWindow.Count(1, 1);
        }
        boolean byCount = size.map(MonitorParser::isInteger).orElse(true);
        Optional<Node> slide = map.node("slide");
        if (byCount) {
            OptionalLong events = map.integer("window");
            if (slide.isPresent() && !isInteger(slide.get())) {
                problems.at(slide.get(), map.child("slide"), "the window is a count of events, so 'slide' must be one "
                        + "too (a whole number), got " + Scalars.describe(slide.get()));
                return new MonitorWindow.Count(events.orElse(1), events.orElse(1));
            }
            return new MonitorWindow.Count(events.orElse(1), map.integer("slide").orElse(events.orElse(1)));
        }
        Duration span = map.duration("window").orElse(Duration.ofSeconds(1));
        if (slide.isPresent() && isInteger(slide.get())) {
            problems.at(slide.get(), map.child("slide"), "the window is a span of time, so 'slide' must be a duration "
                    + "too (such as 5m), got " + Scalars.describe(slide.get()));
            return new MonitorWindow.Time(span, span);
        }
        return new MonitorWindow.Time(span, map.duration("slide").orElse(span));
    }

    private static boolean isInteger(Node node) {
        return Tag.INT.equals(node.getTag());
    }

    private Optional<FeatureOverride> override(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, OVERRIDE_KEYS);
        String feature = path.substring(path.lastIndexOf('.') + 1);
        return Optional.of(new FeatureOverride(feature, map.enumValue("method", DriftMethod.class, "drift method"),
                map.number("threshold")));
    }
}
