package dev.flywheel.topology.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Parses a model's {@code trainer} and {@code tuning} blocks. */
final class TrainerParser {

    private static final List<String> TRAINER_KEYS = List.of("backend", "image", "command", "args", "gpu",
            "gpu_resource", "cpu", "memory", "nodes", "node_selector", "priority_class", "queue", "backoff_limit",
            "deadline", "ttl_after_finished", "runtime", "env", "secrets");
    private static final List<String> SECRET_KEYS = List.of("secret", "key");
    private static final List<String> TUNING_KEYS = List.of("algorithm", "metric", "goal", "max_trials", "parallel",
            "max_failed", "parameters");
    private static final List<String> PARAMETER_KEYS = List.of("type", "min", "max", "scale", "step", "values");

    private final Problems problems;

    TrainerParser(Problems problems) {
        this.problems = problems;
    }

    TrainerSpec trainer(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, TRAINER_KEYS);
        Map<String, SecretRef> secrets = map.entries("secrets", this::secret);
        return new TrainerSpec(map.enumValue("backend", TrainerBackend.class, "trainer backend")
                .orElse(TrainerBackend.LOCAL), map.string("image"), map.strings("command"), map.strings("args"),
                SourceParser.smallInt(map, "gpu").orElse(0),
                map.string("gpu_resource").orElse(TrainerSpec.DEFAULT_GPU_RESOURCE), map.string("cpu"),
                map.string("memory"), SourceParser.smallInt(map, "nodes").orElse(1), map.stringMap("node_selector"),
                map.string("priority_class"), map.string("queue"), SourceParser.smallInt(map, "backoff_limit"),
                map.duration("deadline"), map.duration("ttl_after_finished"), map.string("runtime"),
                map.stringMap("env"), secrets);
    }

    private Optional<SecretRef> secret(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, SECRET_KEYS);
        return Optional.of(new SecretRef(map.requiredString("secret"), map.requiredString("key")));
    }

    TuningSpec tuning(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, TUNING_KEYS);
        map.require("algorithm");
        TuningAlgorithm algorithm = map.enumValue("algorithm", TuningAlgorithm.class, "tuning algorithm")
                .orElse(TuningAlgorithm.RANDOM);
        String metric = map.requiredString("metric");
        Goal goal = map.enumValue("goal", Goal.class, "goal").orElse(PromotionSpec.defaultGoal(metric));
        map.require("max_trials");
        int maxTrials = SourceParser.smallInt(map, "max_trials").orElse(1);
        map.require("parameters");
        Map<String, ParameterSpec> parameters = map.entries("parameters", this::parameter);
        // A max_trials below 1 is reported on its own; the default parallel stays valid so it is not reported too.
        return new TuningSpec(algorithm, metric, goal, maxTrials, SourceParser.smallInt(map, "parallel")
                        .orElse(Math.min(TuningSpec.DEFAULT_PARALLEL, Math.max(maxTrials, 1))),
                SourceParser.smallInt(map, "max_failed"), new ArrayList<>(parameters.values()));
    }

    private Optional<ParameterSpec> parameter(Node node, String path) {
        YamlMap map = YamlMap.of(node, path, problems, PARAMETER_KEYS);
        String name = path.substring(path.lastIndexOf('.') + 1);
        OptionalDouble min = map.number("min");
        OptionalDouble max = map.number("max");
        List<String> values = map.list("values", (item, itemPath) -> Scalars.string(item, itemPath, problems));
        ParameterType type = map.enumValue("type", ParameterType.class, "parameter type")
                .orElseGet(() -> inferType(map));
        return Optional.of(new ParameterSpec(name, type, min, max,
                map.enumValue("scale", Scale.class, "scale").orElse(Scale.LINEAR), map.number("step"), values));
    }

    /** A list of numbers is discrete, other lists categorical; integer bounds make an int, others a double. */
    private static ParameterType inferType(YamlMap map) {
        if (map.has("values")) {
            boolean numeric = map.node("values")
                    .filter(SequenceNode.class::isInstance)
                    .map(n -> ((SequenceNode) n).getValue().stream()
                            .allMatch(v -> Tag.INT.equals(v.getTag()) || Tag.FLOAT.equals(v.getTag())))
                    .orElse(false);
            return numeric ? ParameterType.DISCRETE : ParameterType.CATEGORICAL;
        }
        boolean integral = map.node("min").map(n -> Tag.INT.equals(n.getTag())).orElse(false)
                && map.node("max").map(n -> Tag.INT.equals(n.getTag())).orElse(false);
        return integral ? ParameterType.INT : ParameterType.DOUBLE;
    }
}
