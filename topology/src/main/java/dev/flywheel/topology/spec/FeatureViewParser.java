package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Parses the {@code feature_views} section. */
final class FeatureViewParser {

    private static final List<String> VIEW_KEYS = List.of("name", "source", "entity", "ttl", "grace", "features");
    private static final List<String> FEATURE_KEYS = List.of("name", "agg", "field", "window", "hop", "window_type");

    private final Problems problems;

    FeatureViewParser(Problems problems) {
        this.problems = problems;
    }

    Optional<FeatureViewSpec> view(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, VIEW_KEYS);
        String name = map.requiredString("name");
        String source = map.requiredString("source");
        map.require("entity");
        List<String> entities = map.strings("entity");
        map.require("features");
        List<FeatureSpec> features = map.list("features", this::feature);
        return Optional.of(new FeatureViewSpec(name, source, entities, map.duration("ttl"),
                map.duration("grace").orElse(Duration.ZERO), features));
    }

    private Optional<FeatureSpec> feature(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, FEATURE_KEYS);
        String name = map.requiredString("name");
        map.require("agg");
        Aggregation aggregation = map.enumValue("agg", Aggregation.class, "aggregation").orElse(Aggregation.COUNT);
        return Optional.of(new FeatureSpec(name, aggregation, map.string("field"), window(map)));
    }

    /** Reads window, hop and window_type into one window, or reports how they contradict each other. */
    private Optional<WindowSpec> window(YamlMap map) {
        Optional<Duration> size = map.duration("window");
        Optional<Duration> hop = map.duration("hop");
        Optional<WindowKind> declared = map.enumValue("window_type", WindowKind.class, "window type");
        if (!map.has("window")) {
            for (String dependent : List.of("hop", "window_type")) {
                map.node(dependent).ifPresent(n -> problems.at(n, map.child(dependent),
                        "'" + dependent + "' needs a 'window'"));
            }
            return Optional.empty();
        }
        WindowKind kind = declared.orElse(map.has("hop") ? WindowKind.HOPPING : WindowKind.TUMBLING);
        if (kind == WindowKind.HOPPING && !map.has("hop")) {
            problems.at(map.child("window_type"), "a hopping window needs a 'hop'");
        } else if (kind != WindowKind.HOPPING && map.has("hop")) {
            problems.at(map.child("hop"), "only a hopping window has a 'hop' (this one is "
                    + kind.yamlName() + ")");
        }
        if (size.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WindowSpec(kind, size.get(), kind == WindowKind.HOPPING ? hop.orElse(size.get())
                : size.get()));
    }
}
