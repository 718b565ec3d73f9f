package dev.flywheel.training;

import dev.flywheel.schemas.events.Severity;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The training trigger's own settings, each with a name, type, default, validator and doc. Setting {@code a.b.c} is
 * the variable {@code FLYWHEEL_A_B_C}; an override ({@code --set}) wins. Invalid values fail at load, naming the
 * setting.
 */
public final class TrainingSettings extends AbstractConfig {

    /** Least drift severity that may trigger. */
    public static final String MIN_SEVERITY = "training.drift.min.severity";
    /** Policy tick. */
    public static final String TICK_MS = "training.policy.tick.ms";
    /** The trainer command of the local launcher. */
    public static final String TRAINER_COMMAND = "training.trainer.command";
    /** The trainer jar of the default local command. */
    public static final String TRAINER_JAR = "training.trainer.jar";
    /** Work folder: job logs, dataset builds, local model output. */
    public static final String WORK_DIR = "training.work.dir";
    /** Where job outputs go. */
    public static final String OUTPUT_URI = "training.output.uri";
    /** Time between two looks at a job. */
    public static final String WATCH_INTERVAL_MS = "training.watch.interval.ms";
    /** Requests in flight at once. */
    public static final String PARALLEL_REQUESTS = "training.parallel.requests";
    /** Kubernetes namespace of jobs. */
    public static final String NAMESPACE = "training.kubernetes.namespace";
    /** Service account of the training pods. */
    public static final String SERVICE_ACCOUNT = "training.kubernetes.service.account";
    /** API calls per operation. */
    public static final String K8S_ATTEMPTS = "training.kubernetes.max.attempts";
    /** First wait between API attempts. */
    public static final String K8S_BACKOFF_MS = "training.kubernetes.backoff.ms";
    /** Pod retries when the spec does not say. */
    public static final String BACKOFF_LIMIT = "training.kubernetes.backoff.limit";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(MIN_SEVERITY, Type.STRING, "LOW", ConfigDef.ValidString.in("LOW", "MEDIUM", "HIGH", "CRITICAL"),
                    Importance.MEDIUM, "Least severity of a drift alarm that may trigger a retraining (every model).")
            .define(TICK_MS, Type.LONG, 1000L, ConfigDef.Range.between(10, 3_600_000), Importance.LOW,
                    "How often pending causes, cooldowns and schedules are checked.")
            .define(TRAINER_COMMAND, Type.LIST, "", Importance.MEDIUM,
                    "The local launcher's trainer command; empty for 'java -jar <training.trainer.jar>'.")
            .define(TRAINER_JAR, Type.STRING, "trainer/target/flywheel-trainer.jar", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "The reference trainer jar the default local command runs.")
            .define(WORK_DIR, Type.STRING, ".flywheel/training", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Job logs, dataset build scratch space and (local launcher) model outputs.")
            .define(OUTPUT_URI, Type.STRING, "", Importance.HIGH, "Where job outputs go (s3://bucket/prefix or "
                    + "file:/path); empty: file:<work dir>/models for local jobs, s3://<s3.bucket>/models on Kubernetes.")
            .define(WATCH_INTERVAL_MS, Type.LONG, 2000L, ConfigDef.Range.between(10, 600_000), Importance.LOW,
                    "Time between two looks at a running job.")
            .define(PARALLEL_REQUESTS, Type.INT, 4, ConfigDef.Range.between(1, 256), Importance.LOW,
                    "Requests in flight at once, all models together.")
            .define(NAMESPACE, Type.STRING, "default", (name, value) -> {
                if (value == null || !value.toString().matches("[a-z]([-a-z0-9]{0,61}[a-z0-9])?")) {
                    throw new ConfigException(name, value, "must be a DNS label");
                }
            }, Importance.HIGH, "Kubernetes namespace of the training jobs.")
            .define(SERVICE_ACCOUNT, Type.STRING, "", Importance.MEDIUM, "Service account of the training pods.")
            .define(K8S_ATTEMPTS, Type.INT, 5, ConfigDef.Range.between(1, 20), Importance.LOW,
                    "Kubernetes API calls per operation (retries on 5xx, 429, timeouts).")
            .define(K8S_BACKOFF_MS, Type.LONG, 500L, ConfigDef.Range.between(1, 60_000), Importance.LOW,
                    "First wait between Kubernetes API attempts (doubling, at most 20x).")
            .define(BACKOFF_LIMIT, Type.INT, 2, ConfigDef.Range.between(0, 100), Importance.LOW,
                    "Pod retries of a job when the spec does not say.");

    private TrainingSettings(Map<String, String> values) {
        super(DEFINITION, values);
    }

    /**
     * Loads the settings.
     *
     * @param env the environment ({@code FLYWHEEL_TRAINING_...})
     * @param overrides {@code --set} values by setting name; they win
     * @return the settings
     * @throws ConfigException naming the setting of the first invalid value
     */
    public static TrainingSettings load(Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        for (String name : DEFINITION.names()) {
            String variable = "FLYWHEEL_" + name.toUpperCase(Locale.ROOT).replace('.', '_');
            Optional.ofNullable(overrides.getOrDefault(name, env.get(variable))).ifPresent(v -> values.put(name, v));
        }
        return new TrainingSettings(values);
    }

    /** The defaults. */
    public static TrainingSettings defaults() {
        return load(Map.of(), Map.of());
    }

    /** The definition, for documentation. */
    public static ConfigDef definition() {
        return DEFINITION;
    }

    /** Least drift severity that triggers. */
    public Severity minSeverity() {
        return Severity.valueOf(getString(MIN_SEVERITY));
    }

    /** Policy tick. */
    public Duration tick() {
        return Duration.ofMillis(getLong(TICK_MS));
    }

    /** The local trainer command. */
    public List<String> trainerCommand() {
        List<String> command = getList(TRAINER_COMMAND);
        if (!command.isEmpty()) {
            return command;
        }
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return Arrays.asList(javaBin, "-jar", getString(TRAINER_JAR));
    }

    /** Work folder. */
    public java.nio.file.Path workDirectory() {
        return java.nio.file.Path.of(getString(WORK_DIR)).toAbsolutePath();
    }

    /** The output base, if set. */
    public Optional<String> outputUri() {
        return Optional.of(getString(OUTPUT_URI)).filter(s -> !s.isBlank());
    }

    /** Time between two looks at a job. */
    public Duration watchInterval() {
        return Duration.ofMillis(getLong(WATCH_INTERVAL_MS));
    }

    /** Requests in flight at once. */
    public int parallelRequests() {
        return getInt(PARALLEL_REQUESTS);
    }

    /** The Kubernetes launchers' settings. */
    public dev.flywheel.training.launch.KubernetesSettings kubernetes() {
        Duration backoff = Duration.ofMillis(getLong(K8S_BACKOFF_MS));
        return new dev.flywheel.training.launch.KubernetesSettings(getString(NAMESPACE),
                Optional.of(getString(SERVICE_ACCOUNT)).filter(s -> !s.isBlank()), getInt(BACKOFF_LIMIT),
                Duration.ofDays(1), getInt(K8S_ATTEMPTS), backoff, backoff.multipliedBy(20));
    }
}
