package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads typed values from YAML nodes, reporting a wrong type as a problem at the node instead of
 * throwing, so parsing goes on and every problem of the file is found.
 */
final class Scalars {

    private Scalars() {
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** Any scalar reads as its text; a list or mapping is a wrong type. */
    static Optional<String> string(Node node, String path, Problems problems) {
        problems.locate(path, node);
        if (node instanceof ScalarNode scalar && !isNull(node)) {
            return Optional.of(scalar.getValue());
        }
        problems.at(node, path, "expected a string, got " + describe(node));
        return Optional.empty();
    }

    static OptionalLong integer(Node node, String path, Problems problems) {
        problems.locate(path, node);
        if (node instanceof ScalarNode scalar && Tag.INT.equals(node.getTag())) {
            try {
                return OptionalLong.of(Long.parseLong(scalar.getValue().replace("_", "")));
            } catch (NumberFormatException notDecimal) {
                problems.at(node, path, "expected a decimal integer, got '" + scalar.getValue() + "'");
                return OptionalLong.empty();
            }
        }
        problems.at(node, path, "expected an integer, got " + describe(node));
        return OptionalLong.empty();
    }

    static OptionalDouble number(Node node, String path, Problems problems) {
        problems.locate(path, node);
        if (node instanceof ScalarNode scalar && (Tag.INT.equals(node.getTag()) || Tag.FLOAT.equals(node.getTag()))) {
            try {
                double value = Double.parseDouble(scalar.getValue().replace("_", ""));
                if (Double.isFinite(value)) {
                    return OptionalDouble.of(value);
                }
            } catch (NumberFormatException notDecimal) {
                // reported below
            }
            problems.at(node, path, "expected a finite decimal number, got '" + scalar.getValue() + "'");
            return OptionalDouble.empty();
        }
        problems.at(node, path, "expected a number, got " + describe(node));
        return OptionalDouble.empty();
    }

    static Optional<Boolean> bool(Node node, String path, Problems problems) {
        problems.locate(path, node);
        if (node instanceof ScalarNode scalar && Tag.BOOL.equals(node.getTag())) {
            String value = scalar.getValue().toLowerCase(java.util.Locale.ROOT);
            return Optional.of(List.of("true", "yes", "on", "y").contains(value));
        }
        problems.at(node, path, "expected true or false, got " + describe(node));
        return Optional.empty();
    }

    static Optional<Duration> duration(Node node, String path, Problems problems) {
        problems.locate(path, node);
        if (node instanceof ScalarNode scalar && !isNull(node)) {
            Optional<Duration> parsed = Durations.parse(scalar.getValue());
            if (parsed.isEmpty()) {
                problems.at(node, path, "invalid duration '" + scalar.getValue()
                        + "' (expected a number with a unit ms, s, m, h or d, for example 500ms, 30s, 1h, 7d)");
            }
            return parsed;
        }
        problems.at(node, path, "expected a duration such as 1h or 7d, got " + describe(node));
        return Optional.empty();
    }

    static <E extends Enum<E> & SpecEnum> Optional<E> enumValue(Node node, String path, Problems problems,
                                                                Class<E> type, String what) {
        Optional<String> text = string(node, path, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        E[] constants = type.getEnumConstants();
        Optional<E> match = Arrays.stream(constants).filter(c -> c.yamlName().equals(text.get())).findFirst();
        if (match.isEmpty()) {
            List<String> names = Arrays.stream(constants).map(SpecEnum::yamlName).toList();
            problems.at(node, path, "unknown " + what + " '" + text.get() + "' (expected one of "
                    + String.join(", ", names) + ")");
        }
        return match;
    }

    /** Describes a node for "expected X, got Y" messages. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = node.getTag();
        if (Tag.NULL.equals(tag)) {
            return "nothing";
        }
        String kind = Tag.INT.equals(tag) ? "the integer" : Tag.FLOAT.equals(tag) ? "the number"
                : Tag.BOOL.equals(tag) ? "the boolean" : "the string";
        return kind + " '" + scalar.getValue() + "'";
    }
}
