package dev.flywheel.cli;

import dev.flywheel.cli.dashboard.ConsumerLagMetrics;
import dev.flywheel.cli.dashboard.Dashboard;
import dev.flywheel.cli.dashboard.DashboardActions;
import dev.flywheel.cli.dashboard.KafkaDashboardActions;
import dev.flywheel.cli.dashboard.KafkaDashboardSources;
import dev.flywheel.drift.DriftMonitorService;
import dev.flywheel.features.FeaturePipelineService;
import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.features.offline.OfflineStoreConfig;
import dev.flywheel.features.offline.OfflineTier;
import dev.flywheel.features.serving.ServingConfig;
import dev.flywheel.ingestion.IngestionService;
import dev.flywheel.ingestion.http.HttpIngest;
import dev.flywheel.ingestion.http.HttpIngestSettings;
import dev.flywheel.registry.ModelRegistryService;
import dev.flywheel.registry.http.ApiToken;
import dev.flywheel.training.TrainingSettings;
import dev.flywheel.training.TrainingTriggerService;
import dev.flywheel.registry.RegistrySettings;
import dev.flywheel.registry.artifact.ArtifactStores;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.Health;
import dev.flywheel.topology.runtime.KafkaStreamsMeterFilter;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.javalin.config.RoutesConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages of one run and the HTTP API that serves their routes, {@code /health} and {@code /metrics}: all of them
 * on a {@link LocalBackbone} ({@code flywheel up}), or the chosen ones against external infrastructure
 * ({@code flywheel run STAGE}). Each stage starts alone from the settings and the topic catalogue; stops in reverse
 * start order.
 */
final class LocalStages implements AutoCloseable {

    /**
     * Where the stages' servers listen.
     *
     * @param host the address to bind
     * @param api the HTTP API port (0 = free)
     * @param feast the Feast gRPC serving port (0 = free)
     */
    record Ports(String host, int api, int feast) {
    }

    /**
     * Stage settings a run changes from their defaults ({@code flywheel demo} makes the loop fast).
     *
     * @param offlineRoll the longest a row waits before the offline tier writes it; empty keeps the sinks' default
     * @param training training-trigger settings ({@link TrainingSettings} names) over the environment's
     */
    record Tuning(Optional<Duration> offlineRoll, Map<String, String> training) {
        /** The defaults: what {@code flywheel up} and {@code flywheel run} run with. */
        static final Tuning NONE = new Tuning(Optional.empty(), Map.of());

        Tuning {
            training = Map.copyOf(training);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LocalStages.class);

    /** How often the consumer lag gauges read the groups' offsets: one Admin round each time, whatever the scrapes. */
    private static final Duration LAG_REFRESH = Duration.ofSeconds(15);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final PrometheusMeterRegistry meters;
    private IngestionService ingestion;
    private FeaturePipelineService features;
    private OfflineTier offline;
    private DriftMonitorService drift;
    private ModelRegistryService registry;
    private TrainingTriggerService training;
    private final Instant startedAt = Instant.now();
    private int featureViewCount;
    private ApiServer api;

    private LocalStages(FlywheelConfig config) {
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Before any stage binds its Kafka Streams meters: a filter only sees meters registered after it.
        meters.config().meterFilter(KafkaStreamsMeterFilter.of(config.kafkaStreamsMetricsDetail()));
    }

    /**
     * Starts every stage on a local backbone ({@code flywheel up}).
     *
     * @param backbone the running infrastructure and topics
     * @param spec the pipeline spec
     * @param specDir the folder of the spec file (reader schemas are relative to it)
     * @param ports where the HTTP API and Feast gRPC serving listen
     * @return the running stages
     */
    static LocalStages start(LocalBackbone backbone, FlywheelSpec spec, Path specDir, Ports ports) {
        return start(backbone, spec, specDir, ports, Tuning.NONE);
    }

    /**
     * Starts every stage on a local backbone with some settings changed ({@code flywheel demo}).
     *
     * @see #start(LocalBackbone, FlywheelSpec, Path, Ports)
     */
    static LocalStages start(LocalBackbone backbone, FlywheelSpec spec, Path specDir, Ports ports, Tuning tuning) {
        return start(backbone.config(), backbone.catalogue(), spec, specDir, ports, EnumSet.allOf(StageName.class),
                tuning);
    }

    /**
     * Starts some stages against the infrastructure the settings point at ({@code flywheel run STAGE}).
     *
     * @param config the settings, every endpoint resolved
     * @param catalogue the topics of the spec
     * @param spec the pipeline spec
     * @param specDir the folder of the spec file (reader schemas are relative to it)
     * @param ports where the HTTP API and Feast gRPC serving listen
     * @param which the stages to run
     * @return the running stages
     */
    static LocalStages start(FlywheelConfig config, TopicCatalogue catalogue, FlywheelSpec spec, Path specDir,
                             Ports ports, Set<StageName> which) {
        return start(config, catalogue, spec, specDir, ports, which, Tuning.NONE);
    }

    private static LocalStages start(FlywheelConfig config, TopicCatalogue catalogue, FlywheelSpec spec, Path specDir,
                                     Ports ports, Set<StageName> which, Tuning tuning) {
        LocalStages stages = new LocalStages(config);
        try {
            stages.startSome(config, catalogue, spec, specDir, ports, which, tuning);
            return stages;
        } catch (RuntimeException | Error e) {
            try {
                stages.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    private void startSome(FlywheelConfig config, TopicCatalogue catalogue, FlywheelSpec spec, Path specDir,
                           Ports ports, Set<StageName> which, Tuning tuning) {
        List<Consumer<RoutesConfig>> routes = new ArrayList<>();
        if (which.contains(StageName.INGESTION)) {
            ingestion = IngestionService.create(spec, specDir, config, meters);
            started.push(ingestion);
            ingestion.start();
        }
        if (which.contains(StageName.FEATURES)) {
            startFeatures(config, spec, ports);
            routes.add(features::addRoutes);
        }
        if (which.contains(StageName.OFFLINE)) {
            startOffline(config, catalogue, spec, tuning.offlineRoll());
        }
        if (which.contains(StageName.DRIFT)) {
            drift = DriftMonitorService.create(spec, config, meters);
            started.push(drift);
            drift.start();
        }
        if (which.contains(StageName.REGISTRY)) {
            startRegistry(config, spec);
            routes.add(registry::addRoutes);
        }
        if (which.contains(StageName.DASHBOARD)) {
            routes.add(startDashboard(config, catalogue, spec)::addRoutes);
        }
        if (which.contains(StageName.TRIGGER)) {
            training = TrainingTriggerService.create(spec, config, meters,
                    TrainingSettings.load(System.getenv(), tuning.training()));
            started.push(training);
            training.start();
        }
        if (which.contains(StageName.INGESTION)) {
            routes.add(0, startHttpIngest(config, catalogue, spec, specDir)::addRoutes);
        }
        api = ApiServer.start(ports.host(), ports.api(), this::health, meters::scrape,
                mounted -> routes.forEach(route -> route.accept(mounted)));
        started.push(api);
    }

    private void startFeatures(FlywheelConfig config, FlywheelSpec spec, Ports ports) {
        featureViewCount = spec.featureViews().size();
        features = FeaturePipelineService.create(spec, config, meters,
                ServingConfig.defaults().withHost(ports.host()).withPort(ports.feast()), Clock.systemUTC());
        started.push(features);
        features.start();
    }

    private void startOffline(FlywheelConfig config, TopicCatalogue catalogue, FlywheelSpec spec,
                              Optional<Duration> roll) {
        OfflineStore store = OfflineStore.open(OfflineStoreConfig.from(config), meters);
        started.push(store);
        offline = OfflineTier.create(spec, catalogue, kafkaConfig(config), store, config.topicPrefix(), meters,
                Clock.systemUTC(), sink -> roll.map(interval -> sink.withRoll(sink.maxRecords(), sink.maxBytes(),
                        interval)).orElse(sink));
        started.push(offline);
        offline.start();
    }

    private void startRegistry(FlywheelConfig config, FlywheelSpec spec) {
        RegistrySettings defaults = RegistrySettings.defaults();
        RegistrySettings registrySettings = new RegistrySettings(config.apiToken(), defaults.commandWait(),
                defaults.kserveNamespace(), defaults.canaryTrafficPercent());
        registry = ModelRegistryService.create(spec, config, meters, registrySettings, ArtifactStores.localAnd());
        started.push(registry);
        registry.start();
    }

    /**
     * The dashboard reads the registry in-process when it runs here; alone, its Models view is empty. Its write
     * actions (DLQ replay, manual training) use the CLI's own code and need the API token.
     */
    private Dashboard startDashboard(FlywheelConfig config, TopicCatalogue catalogue, FlywheelSpec spec) {
        KafkaDashboardSources sources = KafkaDashboardSources.start(config, catalogue, spec, this::health,
                registry == null ? null : registry.registry());
        started.push(sources);
        started.push(ConsumerLagMetrics.start(sources, meters, LAG_REFRESH));
        SchemaRegistryClient actionsRegistry = RegistryClients.bounded(config);
        started.push(actionsRegistry);
        DashboardActions actions = new KafkaDashboardActions(config, spec, catalogue, actionsRegistry,
                Clock.systemUTC());
        Dashboard dashboard = new Dashboard(sources, actions, meters, Clock.systemUTC(),
                new ApiToken(config.apiToken()), config.dashboardReadTokenRequired());
        started.push(dashboard);
        return dashboard;
    }

    private HttpIngest startHttpIngest(FlywheelConfig config, TopicCatalogue catalogue, FlywheelSpec spec,
                                       Path specDir) {
        SchemaRegistryClient ingestRegistry = RegistryClients.bounded(config);
        started.push(ingestRegistry);
        HttpIngest ingest = HttpIngest.create(spec, catalogue, config, ingestRegistry,
                HttpIngestSettings.defaults(specDir), meters);
        started.push(ingest);
        return ingest;
    }

    private static Map<String, Object> kafkaConfig(FlywheelConfig config) {
        Map<String, Object> kafka = new LinkedHashMap<>();
        ClientConfigs.kafka(config).forEach((key, value) -> kafka.put((String) key, value));
        return kafka;
    }

    /** Each stage's health, by stage name. */
    Map<String, Health> health() {
        Map<String, Health> health = new LinkedHashMap<>();
        if (ingestion != null) {
            ingestion.stages().forEach((source, stage) -> health.put(stage.name(), stage.health()));
        }
        if (features != null) {
            health.putAll(features.health());
        }
        if (drift != null) {
            health.put("drift-monitor", drift.health());
        }
        if (registry != null) {
            health.put("model-registry", registry.health());
        }
        if (training != null) {
            health.put("training-trigger", training.health());
        }
        if (offline != null) {
            health.putAll(offline.health(startedAt));
        }
        return health;
    }

    /** The HTTP API's port. */
    int apiPort() {
        return api.port();
    }

    /** The port Feast gRPC serving listens on; -1 when the feature pipeline does not run. */
    int feastPort() {
        return features == null ? -1 : features.grpcPort();
    }

    /**
     * Asks the training trigger for a training by hand, as {@code flywheel train} does.
     *
     * @return the request id
     * @throws IllegalStateException when the trigger does not run here
     */
    String requestTraining(String model, String requestedBy) {
        if (training == null) {
            throw new IllegalStateException("the training trigger does not run in this process");
        }
        return training.requestTraining(model, requestedBy);
    }

    /** The meters every stage of this run counts in. */
    MeterRegistry meters() {
        return meters;
    }

    /** How many feature views run. */
    int featureViews() {
        return featureViewCount;
    }

    /** How many ingestion stages run (one per source). */
    int ingestionStages() {
        return ingestion == null ? 0 : ingestion.stages().size();
    }

    /** Stops everything started, newest first, even when one part fails. */
    @Override
    public void close() {
        RuntimeException first = null;
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.error("{} did not stop cleanly", part.getClass().getSimpleName(), e);
                RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
