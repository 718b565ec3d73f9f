package dev.flywheel.topology.spec;

import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Turns the composed YAML tree of a whole spec into the model, reporting structural problems. */
final class SpecParser {

    private static final List<String> TOP_KEYS = List.of("project", "sources", "feature_views", "labels",
            "monitors", "models");

    private final Problems problems;

    SpecParser(Problems problems) {
        this.problems = problems;
    }

    FlywheelSpec parse(Node root) {
        YamlMap map = YamlMap.of(root, "", problems, TOP_KEYS);
        SourceParser sources = new SourceParser(problems);
        return new FlywheelSpec(map.requiredString("project"),
                map.list("sources", sources::source),
                map.list("feature_views", new FeatureViewParser(problems)::view),
                map.list("labels", sources::label),
                map.list("monitors", new MonitorParser(problems)::monitor),
                map.list("models", new ModelParser(problems)::model));
    }
}
