package dev.flywheel.training;

import dev.flywheel.features.dataset.DatasetBuilder;
import dev.flywheel.features.dataset.DatasetBuilderSettings;
import dev.flywheel.features.dataset.SnapshotPublisher;
import dev.flywheel.features.dataset.ViewInfo;
import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.features.offline.OfflineStoreConfig;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.Health;
import dev.flywheel.topology.runtime.HealthStatus;
import dev.flywheel.topology.runtime.Mdc;
import dev.flywheel.topology.runtime.Stage;
import dev.flywheel.topology.runtime.StageSettings;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.topology.spec.TrainerBackend;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.training.flow.DatasetStep;
import dev.flywheel.training.flow.JobWatcher;
import dev.flywheel.training.flow.MeteredStatusSink;
import dev.flywheel.training.flow.RequestRunner;
import dev.flywheel.training.flow.RequestScheduler;
import dev.flywheel.training.flow.StagingStep;
import dev.flywheel.training.flow.TrainingJournal;
import dev.flywheel.training.launch.KubernetesErrorHandler;
import dev.flywheel.training.launch.KubernetesLauncher;
import dev.flywheel.training.launch.Launcher;
import dev.flywheel.training.launch.LocalProcessLauncher;
import dev.flywheel.training.policy.PolicyMetrics;
import dev.flywheel.training.policy.PolicySettings;
import dev.flywheel.training.policy.TrainingRequests;
import dev.flywheel.training.policy.TriggerTopology;
import dev.flywheel.training.stage.DataSyncErrorHandler;
import dev.flywheel.training.stage.DataSyncSettings;
import dev.flywheel.training.stage.DataSyncStaging;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.datasync.DataSyncClient;
import software.amazon.awssdk.services.datasync.DataSyncClientBuilder;

/**
 * The training trigger: the policy stage ({@link TriggerTopology}, application id
 * {@code <prefix>flywheel-training-trigger}, exactly-once) and the request flow (dataset, launch, watch, statuses),
 * which resumes from {@code flywheel.training} on start; datasets are staged to EFS with AWS DataSync when configured.
 * Kubernetes is only reached when a model's backend needs it.
 * Topics are not created here: {@code flywheel up} provisions the catalogue.
 *
 * <pre>{@code
 * try (TrainingTriggerService trigger = TrainingTriggerService.create(spec, config, meters,
 *         TrainingSettings.load(System.getenv(), sets))) {
 *     trigger.start();
 *     trigger.health();                       // for /health
 *     trigger.requestTraining("fraud", "alice");   // flywheel train fraud
 * }
 * }</pre>
 */
public final class TrainingTriggerService implements AutoCloseable {

    /** The stage name. */
    public static final String STAGE = "training-trigger";

    private static final Logger LOG = LoggerFactory.getLogger(TrainingTriggerService.class);

    private final FlywheelSpec spec;
    private final FlywheelConfig config;
    private final MeterRegistry meters;
    private final TrainingSettings settings;
    private final Parts parts;
    private final SchemaRegistryClient registry;
    private final TopicCatalogue topics;
    private final Clock clock = Clock.systemUTC();
    private final Instant created = Instant.now();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Stage stage;
    private KafkaStatusSink sink;
    private TrainingJournal journal;
    private Thread journalThread;
    private boolean started;
    private boolean closed;

    /**
     * Parts a caller may supply instead of the ones {@link #start()} builds: a benchmark's instant dataset step, a
     * Kubernetes client of its own (a mock API server). Supplied clients stay open: their owner closes them.
     *
     * @param datasets builds datasets; empty: the offline tier's {@code DatasetBuilder}
     * @param kubernetes the Kubernetes client; empty: one configured from the environment, when a model needs it
     * @param dataSync the DataSync client, used when DataSync staging is configured; empty: one built from the
     *                 environment (region {@code training.datasync.region} or the SDK's chain), SDK retries off
     */
    public record Parts(Optional<DatasetStep> datasets, Optional<KubernetesClient> kubernetes,
                        Optional<DataSyncClient> dataSync) {

        /** Checks the parts. */
        public Parts {
            java.util.Objects.requireNonNull(datasets, "datasets");
            java.util.Objects.requireNonNull(kubernetes, "kubernetes");
            java.util.Objects.requireNonNull(dataSync, "dataSync");
        }

        /** Every part built by the service. */
        public static Parts defaults() {
            return new Parts(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    private TrainingTriggerService(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters,
                                   TrainingSettings settings, Parts parts) {
        this.spec = spec;
        this.config = config;
        this.meters = meters;
        this.settings = settings;
        this.parts = parts;
        this.registry = ClientConfigs.schemaRegistryClient(config);
        this.topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(registry, Map.of()));
    }

    /**
     * Creates the service; nothing connects until {@link #start()}.
     *
     * @param spec the models, their triggers and trainers
     * @param config Kafka, schema registry, S3 (offline tier, datasets), state directory, topic prefix
     * @param meters where the counters go
     * @param settings the trigger's own settings ({@link TrainingSettings#load})
     * @return the service
     */
    public static TrainingTriggerService create(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters,
                                                TrainingSettings settings) {
        return create(spec, config, meters, settings, Parts.defaults());
    }

    /**
     * Creates the service with some parts supplied by the caller; nothing connects until {@link #start()}.
     *
     * @param spec the models, their triggers and trainers
     * @param config Kafka, schema registry, S3 (offline tier, datasets), state directory, topic prefix
     * @param meters where the counters go
     * @param settings the trigger's own settings ({@link TrainingSettings#load})
     * @param parts what the caller supplies instead of the defaults
     * @return the service
     */
    public static TrainingTriggerService create(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters,
                                                TrainingSettings settings, Parts parts) {
        return new TrainingTriggerService(spec, config, meters, settings, parts);
    }

    /** Starts the policy stage, then the request flow (which first resumes unfinished requests). */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the training trigger was already started");
        }
        started = true;
        Map<String, Object> kafka = kafka();
        OfflineStore store = OfflineStore.open(OfflineStoreConfig.from(config), meters);
        resources.add(store);
        SnapshotPublisher.Kafka publisher = SnapshotPublisher.kafka(topics.datasets(), kafka);
        resources.add(publisher);
        DatasetBuilder builder = new DatasetBuilder(store, ViewInfo.of(spec), new DatasetBuilderSettings(
                settings.workDirectory().resolve("datasets"), DatasetBuilderSettings.defaults().maxRowsInMemory(),
                DatasetBuilderSettings.defaults().profileSampleSize()), publisher, clock);
        sink = new KafkaStatusSink(topics.training(), kafka);
        resources.add(sink);
        Map<String, Launcher> launchers = launchers();
        warnIgnoredByLocal();
        DatasetStep datasets = parts.datasets().orElseGet(() -> new OfflineDatasetStep(spec, builder, store));
        RequestRunner runner = new RequestRunner(spec, launchers, datasets, staging(),
                new StoreOutputs(store), new MeteredStatusSink(sink, meters), outputBase(), clock);
        // closed before the launchers: a local process killed on close must not be seen as a failed job
        RequestScheduler scheduler = new RequestScheduler(spec, runner, new JobWatcher(runner,
                settings.watchInterval()), settings.parallelRequests());
        resources.add(scheduler);
        stage = Stage.create(StageSettings.of(STAGE, config).withMeters(meters), TriggerTopology.buildTopology(spec,
                topics,
                new PolicySettings(settings.minSeverity(), settings.tick(), topics.training().settings().partitions()),
                new PolicyMetrics(meters)));
        stage.start();
        journal = new TrainingJournal(topics.training(), kafka, scheduler, meters);
        journalThread = new Thread(journal, "training-journal");
        journalThread.setDaemon(true);
        journalThread.start();
        LOG.info("Training trigger started: backends {}, outputs under {}", launchers.keySet(), outputBase());
    }

    /**
     * Asks for a training of a model by hand ({@code flywheel train <model>}); the policy books it like any request.
     *
     * @param model the model
     * @param requestedBy who asks
     * @return the request id
     */
    public String requestTraining(String model, String requestedBy) {
        ModelSpec spec = this.spec.model(model).orElseThrow(() -> new IllegalArgumentException("unknown model " + model));
        if (sink == null) {
            throw new IllegalStateException("the training trigger is not started");
        }
        TrainingRequested request = TrainingRequests.manual(spec, "manual:" + UUID.randomUUID(), requestedBy,
                clock.instant());
        sink.send(request.getRequestId(), request);
        return request.getRequestId();
    }

    /** UP when the policy stage is up and the flow follows the topic; the reason says what is not. */
    public Health health() {
        if (stage == null || journal == null) {
            return new Health(HealthStatus.STARTING, "not started", created);
        }
        Health policy = stage.health();
        if (policy.status() == HealthStatus.DOWN) {
            return policy;
        }
        if (journal.phase() == TrainingJournal.Phase.STOPPED && !closed) {
            return new Health(HealthStatus.DOWN, "request flow stopped: " + journal.failure().map(Throwable::getMessage)
                    .orElse("closed"), created);
        }
        if (policy.status() == HealthStatus.STARTING || journal.phase() != TrainingJournal.Phase.LIVE) {
            return new Health(HealthStatus.STARTING, "policy " + policy.status() + ", request flow " + journal.phase(),
                    policy.since());
        }
        return new Health(HealthStatus.UP, "policy up, request flow live", policy.since());
    }

    /** Once per local model, what it sets that the local backend ignores (Kubernetes-only keys, tuning). */
    private void warnIgnoredByLocal() {
        for (ModelSpec model : spec.models()) {
            if (model.trainer().backend() == TrainerBackend.LOCAL) {
                try (var ignored = Mdc.put(Mdc.MODEL, model.name())) {
                    LocalProcessLauncher.ignoredBy(model).ifPresent(LOG::warn);
                }
            }
        }
    }

    private Map<String, Launcher> launchers() {
        Map<String, Launcher> launchers = new LinkedHashMap<>();
        LocalProcessLauncher local = new LocalProcessLauncher(settings.trainerCommand(),
                settings.workDirectory().resolve("jobs"), trainerS3Env(), clock);
        resources.add(local);
        launchers.put(local.backend(), local);
        if (spec.models().stream().anyMatch(m -> m.trainer().backend().onKubernetes())) {
            KubernetesClient client = parts.kubernetes().orElseGet(() -> {
                Config k8s = new ConfigBuilder(Config.autoConfigure(null)).withRequestRetryBackoffLimit(0).build();
                KubernetesClient built = new KubernetesClientBuilder().withConfig(k8s).build();
                resources.add(built);
                return built;
            });
            var kube = settings.kubernetes();
            KubernetesErrorHandler errors = new KubernetesErrorHandler(kube.maxAttempts(), kube.initialBackoff(),
                    kube.maxBackoff(), d -> Thread.sleep(d.toMillis()));
            for (KubernetesLauncher.Kind kind : KubernetesLauncher.Kind.values()) {
                launchers.put(kind.backend(), new KubernetesLauncher(kind, client, kube, errors));
            }
        }
        return launchers;
    }

    /** DataSync staging to EFS when configured, else none. */
    private StagingStep staging() {
        Optional<DataSyncSettings> sync = settings.dataSync();
        if (sync.isEmpty()) {
            return StagingStep.none();
        }
        DataSyncClient client = parts.dataSync().orElseGet(() -> {
            DataSyncClientBuilder builder = DataSyncClient.builder()
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
            settings.dataSyncRegion().ifPresent(region -> builder.region(Region.of(region)));
            DataSyncClient built = builder.build();
            resources.add(built);
            return built;
        });
        DataSyncSettings s = sync.get();
        LOG.info("Datasets are staged to EFS with DataSync ({}), mounted at {}", s.taskArn().map(t -> "task " + t)
                .orElse("locations " + s.sourceLocationArn().orElseThrow() + " -> "
                        + s.destinationLocationArn().orElseThrow()), s.mountPath());
        return new DataSyncStaging(client, s, new DataSyncErrorHandler(s.maxAttempts(), s.initialBackoff(),
                s.maxBackoff(), d -> Thread.sleep(d.toMillis())), d -> Thread.sleep(d.toMillis()), clock);
    }

    /** The S3 endpoint and credentials the local trainer process needs to read datasets (never logged). */
    private Map<String, String> trainerS3Env() {
        Map<String, String> env = new HashMap<>();
        config.s3Endpoint().ifPresent(endpoint -> env.put("AWS_ENDPOINT_URL", endpoint.toString()));
        env.put("AWS_REGION", config.s3Region());
        config.s3AccessKey().ifPresent(key -> env.put("AWS_ACCESS_KEY_ID", key));
        OfflineStoreConfig s3 = OfflineStoreConfig.from(config);
        s3.secretKey().ifPresent(secret -> env.put("AWS_SECRET_ACCESS_KEY", secret));
        env.put("FLYWHEEL_S3_PATH_STYLE", Boolean.toString(s3.pathStyle()));
        return env;
    }

    private String outputBase() {
        Optional<String> set = settings.outputUri();
        if (set.isPresent()) {
            return set.get();
        }
        boolean kubernetes = spec.models().stream().anyMatch(m -> m.trainer().backend().onKubernetes());
        return kubernetes ? "s3://" + config.s3Bucket() + "/models"
                : settings.workDirectory().resolve("models").toUri().toString();
    }

    private Map<String, Object> kafka() {
        Map<String, Object> kafka = new HashMap<>();
        ClientConfigs.kafka(config).forEach((k, v) -> kafka.put(k.toString(), v));
        return kafka;
    }

    /** Stops the flow (unfinished requests resume on the next start), the stage, then the clients. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        if (journal != null) {
            journal.close();
            try {
                journalThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<AutoCloseable> reversed = new ArrayList<>(resources);
        java.util.Collections.reverse(reversed);
        if (stage != null) {
            reversed.add(1, stage);
        }
        for (AutoCloseable resource : reversed) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.error("Closing {} failed", resource.getClass().getSimpleName(), e);
                failure = failure == null ? new IllegalStateException("closing the training trigger failed", e) : failure;
            }
        }
        registry.close();
        if (failure != null) {
            throw failure;
        }
    }
}
