package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One YAML mapping of the spec with the keys it may have. Creating it reports unknown and duplicate
 * keys; its getters read typed values and report wrong types and missing required keys, returning
 * empty (or a placeholder) so parsing goes on.
 */
final class YamlMap {

    /** Parses one element of a list or one value of a named mapping. */
    @FunctionalInterface
    interface Element<T> {
        Optional<T> parse(Node node, String path);
    }

    private final Node node;
    private final String path;
    private final Problems problems;
    private final Map<String, Node> values = new LinkedHashMap<>();
    private boolean broken;

    private YamlMap(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * Reads a mapping with the given valid keys. A node that is not a mapping is reported and gives an
     * empty map, whose required getters then stay silent (one problem per mistake).
     */
    static YamlMap of(Node node, String path, Problems problems, List<String> keys) {
        YamlMap map = new YamlMap(node, path, problems);
        problems.locate(path, node);
        if (!(node instanceof MappingNode mapping)) {
            problems.at(node, path, "expected a mapping, got " + Scalars.describe(node));
            map.broken = true;
            return map;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            map.add(tuple, keys);
        }
        return map;
    }

    private void add(NodeTuple tuple, List<String> keys) {
        Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode scalarKey) || Scalars.isNull(keyNode)) {
            problems.at(keyNode, path, "keys must be plain words, got " + Scalars.describe(keyNode));
            return;
        }
        String key = scalarKey.getValue();
        if (!keys.contains(key)) {
            problems.at(keyNode, child(key), "unknown key '" + key + "' " + Suggestions.hint(key, keys));
            return;
        }
        Node previous = values.putIfAbsent(key, tuple.getValueNode());
        if (previous != null) {
            problems.at(keyNode, child(key), "duplicate key '" + key + "' (first given at line "
                    + (previous.getStartMark().getLine() + 1) + ")");
        }
    }

    String path() {
        return path;
    }

    Node node() {
        return node;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return values.containsKey(key) && !Scalars.isNull(values.get(key));
    }

    /** Returns the value node of a key that is present and not null. */
    Optional<Node> node(String key) {
        return has(key) ? Optional.of(values.get(key)) : Optional.empty();
    }

    /** Reports a required key that is missing or empty. */
    private void missing(String key) {
        if (broken) {
            return;
        }
        if (values.containsKey(key)) {
            problems.at(values.get(key), child(key), "'" + key + "' has no value");
        } else {
            problems.at(node, child(key), "missing required key '" + key + "'");
        }
    }

    boolean require(String key) {
        if (!has(key)) {
            missing(key);
            return false;
        }
        return true;
    }

    Optional<String> string(String key) {
        return node(key).flatMap(value -> Scalars.string(value, child(key), problems));
    }

    /** Returns the string, or an empty placeholder after reporting it missing. */
    String requiredString(String key) {
        return require(key) ? string(key).orElse("") : "";
    }

    Optional<Duration> duration(String key) {
        return node(key).flatMap(value -> Scalars.duration(value, child(key), problems));
    }

    OptionalLong integer(String key) {
        return node(key).map(value -> Scalars.integer(value, child(key), problems)).orElse(OptionalLong.empty());
    }

    OptionalDouble number(String key) {
        return node(key).map(value -> Scalars.number(value, child(key), problems)).orElse(OptionalDouble.empty());
    }

    Optional<Boolean> bool(String key) {
        return node(key).flatMap(value -> Scalars.bool(value, child(key), problems));
    }

    <E extends Enum<E> & SpecEnum> Optional<E> enumValue(String key, Class<E> type, String what) {
        return node(key).flatMap(value -> Scalars.enumValue(value, child(key), problems, type, what));
    }

    /** Reads a list; a missing key is an empty list. Elements that fail to parse are left out. */
    <T> List<T> list(String key, Element<T> element) {
        Optional<Node> value = node(key);
        if (value.isEmpty()) {
            return List.of();
        }
        problems.locate(child(key), value.get());
        if (!(value.get() instanceof SequenceNode sequence)) {
            problems.at(value.get(), child(key), "expected a list, got " + Scalars.describe(value.get()));
            return List.of();
        }
        List<T> parsed = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node item = sequence.getValue().get(i);
            element.parse(item, child(key) + "[" + i + "]").ifPresent(parsed::add);
        }
        return parsed;
    }

    /** Reads a list of strings; a single string is read as a list of one. */
    List<String> strings(String key) {
        Optional<Node> value = node(key);
        if (value.isPresent() && value.get() instanceof ScalarNode) {
            return string(key).map(List::of).orElse(List.of());
        }
        return list(key, (item, itemPath) -> Scalars.string(item, itemPath, problems));
    }

    /** Reads a mapping of names to values, in file order; a missing key is an empty map. */
    <T> Map<String, T> entries(String key, Element<T> element) {
        Map<String, T> parsed = new LinkedHashMap<>();
        Optional<Node> value = node(key);
        if (value.isEmpty()) {
            return parsed;
        }
        problems.locate(child(key), value.get());
        if (!(value.get() instanceof MappingNode mapping)) {
            problems.at(value.get(), child(key), "expected a mapping, got " + Scalars.describe(value.get()));
            return parsed;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String name = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "";
            String entryPath = child(key) + "." + name;
            problems.locate(entryPath, tuple.getKeyNode());
            if (name.isEmpty()) {
                problems.at(tuple.getKeyNode(), child(key), "keys must be plain words");
            } else if (parsed.containsKey(name)) {
                problems.at(tuple.getKeyNode(), entryPath, "duplicate key '" + name + "'");
            } else {
                element.parse(tuple.getValueNode(), entryPath).ifPresent(v -> parsed.put(name, v));
            }
        }
        return parsed;
    }

    /** Reads a mapping of names to strings. */
    Map<String, String> stringMap(String key) {
        return entries(key, (item, itemPath) -> Scalars.string(item, itemPath, problems));
    }

    Problems problems() {
        return problems;
    }
}
