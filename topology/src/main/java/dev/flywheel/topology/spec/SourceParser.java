package dev.flywheel.topology.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.yaml.snakeyaml.nodes.Node;

/** Parses the {@code sources} and {@code labels} sections. */
final class SourceParser {

    private static final List<String> SOURCE_KEYS = List.of("name", "topic", "key", "timestamp", "reader_schema",
            "contract", "time_bounds", "dedupe");
    private static final List<String> CONTRACT_KEYS = List.of("required", "min", "max", "allowed", "pattern",
            "min_length", "max_length");
    private static final List<String> TIME_BOUNDS_KEYS = List.of("max_future_skew", "max_age");
    private static final List<String> DEDUPE_KEYS = List.of("field", "window");
    private static final List<String> LABEL_KEYS = List.of("name", "topic", "key", "timestamp", "field");

    private final Problems problems;

    SourceParser(Problems problems) {
        this.problems = problems;
    }

    Optional<SourceSpec> source(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, SOURCE_KEYS);
        String name = map.requiredString("name");
        Map<String, FieldContract> contract = map.entries("contract", this::fieldContract);
        TimeBounds bounds = map.node("time_bounds").map(n -> timeBounds(n, map.child("time_bounds")))
                .orElse(TimeBounds.DEFAULT);
        Optional<DedupeSpec> dedupe = map.node("dedupe").map(n -> dedupe(n, map.child("dedupe")));
        return Optional.of(new SourceSpec(name, map.string("topic").orElse(name), map.requiredString("key"),
                map.string("timestamp"), map.string("reader_schema"), new ArrayList<>(contract.values()), bounds,
                dedupe));
    }

    Optional<LabelSpec> label(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, LABEL_KEYS);
        String name = map.requiredString("name");
        return Optional.of(new LabelSpec(name, map.string("topic").orElse(name), map.requiredString("key"),
                map.string("timestamp"), map.requiredString("field")));
    }

    private Optional<FieldContract> fieldContract(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, CONTRACT_KEYS);
        String field = path.substring(path.lastIndexOf('.') + 1);
        List<String> allowed = map.list("allowed", (item, itemPath) -> Scalars.string(item, itemPath, problems));
        return Optional.of(new FieldContract(field, map.bool("required").orElse(false), map.number("min"),
                map.number("max"), allowed, map.string("pattern"), smallInt(map, "min_length"),
                smallInt(map, "max_length")));
    }

    private TimeBounds timeBounds(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, TIME_BOUNDS_KEYS);
        return new TimeBounds(map.duration("max_future_skew").orElse(TimeBounds.DEFAULT_MAX_FUTURE_SKEW),
                map.duration("max_age"));
    }

    private DedupeSpec dedupe(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, DEDUPE_KEYS);
        String field = map.requiredString("field");
        map.require("window");
        return new DedupeSpec(field, map.duration("window").orElse(java.time.Duration.ZERO));
    }

    /** Reads an integer that must fit an {@code int}, reporting one that does not. */
    static OptionalInt smallInt(YamlMap map, String key) {
        OptionalLong value = map.integer(key);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        if (value.getAsLong() < Integer.MIN_VALUE || value.getAsLong() > Integer.MAX_VALUE) {
            map.problems().at(map.node(key).orElseThrow(), map.child(key), "value " + value.getAsLong()
                    + " is out of range (at most " + Integer.MAX_VALUE + ")");
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) value.getAsLong());
    }
}
