package dev.flywheel.trainer;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one training run does. Every option may also come from the environment (the launchers set
 * {@code FLYWHEEL_DATASET_URI}, {@code FLYWHEEL_OUTPUT_URI}, {@code FLYWHEEL_LABEL}, {@code FLYWHEEL_FEATURES}); a
 * command-line option wins.
 *
 * @param dataset the dataset Parquet, {@code s3://bucket/key}, {@code file:} URI or local path
 * @param output the folder the model, {@code metrics.json} and the SHA-256 are written to (same schemes)
 * @param label the label column
 * @param features the feature columns; empty means every usable column but the label and timestamps
 * @param exclude columns never used as features (entity keys, for example)
 * @param parameters XGBoost parameters ({@code num_round} included), overriding the defaults
 * @param testFraction the held-out share of rows, in (0, 1)
 * @param seed the seed of the split
 * @param device {@code auto} (CUDA when a GPU is visible and the native library supports it), {@code cpu} or
 *               {@code cuda} (fail when it cannot be used)
 */
public record TrainerOptions(URI dataset, URI output, String label, List<String> features, List<String> exclude,
                             Map<String, String> parameters, double testFraction, long seed, String device) {

    /** The usage text printed with a bad-input error. */
    public static final String USAGE = """
            usage: java -jar flywheel-trainer.jar --dataset URI --output URI --label COLUMN
                   [--features a,b,c] [--exclude a,b] [--param name=value ...] [--test-fraction 0.2]
                   [--seed 42] [--device auto|cpu|cuda]
              URIs: s3://bucket/key (AWS SDK; AWS_ENDPOINT_URL / FLYWHEEL_S3_PATH_STYLE for S3 APIs), file:/path
              or a local path. Environment: FLYWHEEL_DATASET_URI, FLYWHEEL_OUTPUT_URI, FLYWHEEL_LABEL,
              FLYWHEEL_FEATURES, FLYWHEEL_PARAMS (name=value,...).""";

    /** Checks the parts and copies the collections. */
    public TrainerOptions {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(device, "device");
        features = List.copyOf(features);
        exclude = List.copyOf(exclude);
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new BadInputException("--test-fraction must be between 0 and 1 (exclusive), was " + testFraction);
        }
        if (!List.of("auto", "cpu", "cuda").contains(device)) {
            throw new BadInputException("--device must be auto, cpu or cuda, was '" + device + "'");
        }
    }

    /**
     * Parses the command line over the environment.
     *
     * @param args the arguments
     * @param env the environment
     * @return the options
     * @throws BadInputException naming the first problem
     */
    public static TrainerOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, String> params = new LinkedHashMap<>(pairs(env.getOrDefault("FLYWHEEL_PARAMS", ""), "FLYWHEEL_PARAMS"));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new BadInputException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new BadInputException("option --" + name + " needs a value");
            }
            switch (name) {
                case "dataset", "output", "label", "features", "exclude", "test-fraction", "seed", "device" ->
                        single.put(name, value);
                case "param" -> params.putAll(pairs(value, "--param"));
                default -> throw new BadInputException("unknown option --" + name);
            }
        }
        String dataset = required(single, env, "dataset", "FLYWHEEL_DATASET_URI");
        String output = required(single, env, "output", "FLYWHEEL_OUTPUT_URI");
        String label = required(single, env, "label", "FLYWHEEL_LABEL");
        return new TrainerOptions(uri(dataset, "--dataset"), uri(output, "--output"), label,
                list(Optional.ofNullable(single.get("features")).orElse(env.getOrDefault("FLYWHEEL_FEATURES", ""))),
                list(single.getOrDefault("exclude", "")), params,
                number(single.getOrDefault("test-fraction", "0.2"), "--test-fraction"),
                (long) number(single.getOrDefault("seed", "42"), "--seed"),
                single.getOrDefault("device", env.getOrDefault("FLYWHEEL_DEVICE", "auto")).toLowerCase(Locale.ROOT));
    }

    private static String required(Map<String, String> single, Map<String, String> env, String option, String variable) {
        String value = single.getOrDefault(option, env.get(variable));
        if (value == null || value.isBlank()) {
            throw new BadInputException("--" + option + " (or " + variable + ") is required");
        }
        return value.trim();
    }

    /** Turns a local path into a {@code file:} URI; keeps {@code s3:} and {@code file:} URIs. */
    static URI uri(String text, String option) {
        if (text.startsWith("s3://") || text.startsWith("file:")) {
            try {
                URI uri = URI.create(text);
                if ("s3".equals(uri.getScheme()) && (uri.getHost() == null || uri.getPath().length() <= 1)) {
                    throw new BadInputException(option + ": an S3 URI needs a bucket and a key: '" + text + "'");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new BadInputException(option + ": not a URI: '" + text + "'", e);
            }
        }
        if (text.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new BadInputException(option + ": only s3:// and file: URIs or local paths are read, got '" + text + "'");
        }
        return java.nio.file.Path.of(text).toAbsolutePath().normalize().toUri();
    }

    private static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    private static Map<String, String> pairs(String text, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : list(text)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException(where + ": expected name=value, got '" + pair + "'");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static double number(String text, String option) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new BadInputException(option + " must be a number, was '" + text + "'", e);
        }
    }
}
