package dev.flywheel.training;

import dev.flywheel.schemas.events.Severity;
import dev.flywheel.training.stage.DataSyncSettings;
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
    /** Requests being prepared and submitted at once; watched jobs take none. */
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

    /** DataSync task that copies datasets from S3 to EFS. */
    public static final String DATASYNC_TASK_ARN = "training.datasync.task.arn";
    /** DataSync S3 location (a task is created from it and the destination when no task is set). */
    public static final String DATASYNC_SOURCE_ARN = "training.datasync.source.location.arn";
    /** DataSync EFS location. */
    public static final String DATASYNC_DESTINATION_ARN = "training.datasync.destination.location.arn";
    /** The S3 location's subdirectory. */
    public static final String DATASYNC_SOURCE_SUBDIRECTORY = "training.datasync.source.subdirectory";
    /** Where the EFS location's folder is mounted in trainer pods. */
    public static final String DATASYNC_MOUNT_PATH = "training.datasync.efs.mount.path";
    /** The EFS PersistentVolumeClaim mounted into Kubernetes jobs. */
    public static final String DATASYNC_CLAIM = "training.datasync.efs.claim";
    /** AWS region of DataSync. */
    public static final String DATASYNC_REGION = "training.datasync.region";
    /** Time between two looks at a copy. */
    public static final String DATASYNC_POLL_MS = "training.datasync.poll.interval.ms";
    /** The longest a copy may take. */
    public static final String DATASYNC_TIMEOUT_MS = "training.datasync.timeout.ms";
    /** DataSync API calls per operation. */
    public static final String DATASYNC_ATTEMPTS = "training.datasync.max.attempts";
    /** First wait between DataSync API attempts. */
    public static final String DATASYNC_BACKOFF_MS = "training.datasync.backoff.ms";

    private static final ConfigDef.Validator DATASYNC_ARN = (name, value) -> {
        if (value != null && !value.toString().isBlank()
                && !value.toString().matches("arn:aws[a-z-]*:datasync:[a-z0-9-]+:\\d{12}:(task|location)/[-a-z0-9]+")) {
            throw new ConfigException(name, value, "must be empty or a DataSync task or location ARN");
        }
    };

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(MIN_SEVERITY, Type.STRING, "LOW", ConfigDef.ValidString.in("LOW", "MEDIUM", "HIGH", "CRITICAL"),
                    Importance.MEDIUM, "Least severity of a drift alarm that may trigger a retraining (every model).")
            .define(TICK_MS, Type.LONG, 200L, ConfigDef.Range.between(10, 3_600_000), Importance.LOW,
                    "How often pending causes, cooldowns and schedules are checked: a request is made up to one tick "
                            + "after its coalescing span or cooldown ends.")
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
                    "Requests being prepared and submitted at once (dataset build, staging, launch), all models "
                    + "together; submitted jobs are watched without taking one.")
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
                    "Pod retries of a job when the spec does not say.")
            .define(DATASYNC_TASK_ARN, Type.STRING, "", DATASYNC_ARN, Importance.MEDIUM, "AWS DataSync task (S3 "
                    + "location to EFS location) that stages each dataset to EFS before the launch; empty with no "
                    + "locations either: datasets are not staged.")
            .define(DATASYNC_SOURCE_ARN, Type.STRING, "", DATASYNC_ARN, Importance.MEDIUM, "DataSync S3 location of "
                    + "the datasets' bucket; with the destination location and no task, a task is created from both.")
            .define(DATASYNC_DESTINATION_ARN, Type.STRING, "", DATASYNC_ARN, Importance.MEDIUM,
                    "DataSync EFS location the datasets are copied to.")
            .define(DATASYNC_SOURCE_SUBDIRECTORY, Type.STRING, "/", Importance.LOW, "The S3 location's subdirectory; "
                    + "dataset keys keep their path relative to it under the EFS location.")
            .define(DATASYNC_MOUNT_PATH, Type.STRING, "/mnt/flywheel-datasets", (name, value) -> {
                if (value == null || !value.toString().startsWith("/")) {
                    throw new ConfigException(name, value, "must be an absolute path");
                }
            }, Importance.MEDIUM, "Where the EFS location's folder is mounted in the trainer's pod (or host).")
            .define(DATASYNC_CLAIM, Type.STRING, "", Importance.MEDIUM, "PersistentVolumeClaim of the EFS file "
                    + "system, mounted read-only at the mount path into Kubernetes jobs; empty: not mounted by us.")
            .define(DATASYNC_REGION, Type.STRING, "", Importance.LOW, "AWS region of DataSync; empty: the SDK's "
                    + "default chain (AWS_REGION, profile, instance metadata).")
            .define(DATASYNC_POLL_MS, Type.LONG, 10_000L, ConfigDef.Range.between(100, 600_000), Importance.LOW,
                    "Time between two looks at a DataSync task execution.")
            .define(DATASYNC_TIMEOUT_MS, Type.LONG, 3_600_000L, ConfigDef.Range.between(1_000, 86_400_000),
                    Importance.LOW, "The longest a dataset copy may take; then it is cancelled and the request fails.")
            .define(DATASYNC_ATTEMPTS, Type.INT, 5, ConfigDef.Range.between(1, 20), Importance.LOW,
                    "DataSync API calls per operation (retries on 5xx, throttling, no answer).")
            .define(DATASYNC_BACKOFF_MS, Type.LONG, 1_000L, ConfigDef.Range.between(1, 60_000), Importance.LOW,
                    "First wait between DataSync API attempts (doubling, at most 20x).");

    private TrainingSettings(Map<String, String> values) {
        super(DEFINITION, values);
        boolean task = !getString(DATASYNC_TASK_ARN).isBlank();
        boolean source = !getString(DATASYNC_SOURCE_ARN).isBlank();
        boolean destination = !getString(DATASYNC_DESTINATION_ARN).isBlank();
        if (source != destination) {
            throw new ConfigException(source ? DATASYNC_DESTINATION_ARN : DATASYNC_SOURCE_ARN, "",
                    "DataSync needs both locations (or a task): set " + DATASYNC_SOURCE_ARN + " and "
                            + DATASYNC_DESTINATION_ARN + " together");
        }
        if (task && source) {
            throw new ConfigException(DATASYNC_TASK_ARN, getString(DATASYNC_TASK_ARN), "set either a DataSync task or "
                    + "its two locations, not both");
        }
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

    /** Requests being prepared and submitted at once; watched jobs take none. */
    public int parallelRequests() {
        return getInt(PARALLEL_REQUESTS);
    }

    /** DataSync staging, when a task or both locations are set. */
    public Optional<DataSyncSettings> dataSync() {
        Optional<String> task = nonBlank(DATASYNC_TASK_ARN);
        Optional<String> source = nonBlank(DATASYNC_SOURCE_ARN);
        if (task.isEmpty() && source.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DataSyncSettings(task, source, nonBlank(DATASYNC_DESTINATION_ARN),
                getString(DATASYNC_SOURCE_SUBDIRECTORY), getString(DATASYNC_MOUNT_PATH), nonBlank(DATASYNC_CLAIM),
                Duration.ofMillis(getLong(DATASYNC_POLL_MS)), Duration.ofMillis(getLong(DATASYNC_TIMEOUT_MS)),
                getInt(DATASYNC_ATTEMPTS), Duration.ofMillis(getLong(DATASYNC_BACKOFF_MS))));
    }

    /** The DataSync region, when set. */
    public Optional<String> dataSyncRegion() {
        return nonBlank(DATASYNC_REGION);
    }

    private Optional<String> nonBlank(String name) {
        return Optional.of(getString(name)).filter(s -> !s.isBlank());
    }

    /** The Kubernetes launchers' settings. */
    public dev.flywheel.training.launch.KubernetesSettings kubernetes() {
        Duration backoff = Duration.ofMillis(getLong(K8S_BACKOFF_MS));
        return new dev.flywheel.training.launch.KubernetesSettings(getString(NAMESPACE),
                Optional.of(getString(SERVICE_ACCOUNT)).filter(s -> !s.isBlank()), getInt(BACKOFF_LIMIT),
                Duration.ofDays(1), getInt(K8S_ATTEMPTS), backoff, backoff.multipliedBy(20));
    }
}
