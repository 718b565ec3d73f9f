package dev.flywheel.cli;

import dev.flywheel.cli.dashboard.Dashboard;
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
import dev.flywheel.training.TrainingSettings;
import dev.flywheel.training.TrainingTriggerService;
import dev.flywheel.registry.RegistrySettings;
import dev.flywheel.registry.artifact.ArtifactStores;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.Health;
import dev.flywheel.topology.spec.FlywheelSpec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages of one local run on top of a {@link LocalBackbone}: ingestion for every source, HTTP ingest,
 * and the HTTP API that serves them. Later stages join here as they land. Stops in reverse start order.
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

    private static final Logger log = LoggerFactory.getLogger(LocalStages.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private IngestionService ingestion;
    private FeaturePipelineService features;
    private OfflineTier offline;
    private DriftMonitorService drift;
    private ModelRegistryService registry;
    private TrainingTriggerService training;
    private final Instant startedAt = Instant.now();
    private int featureViewCount;
    private ApiServer api;

    private LocalStages() {
    }

    /**
     * Starts the stages.
     *
     * @param backbone the running infrastructure and topics
     * @param spec the pipeline spec
     * @param specDir the folder of the spec file (reader schemas are relative to it)
     * @param ports where the HTTP API and Feast gRPC serving listen
     * @return the running stages
     */
    static LocalStages start(LocalBackbone backbone, FlywheelSpec spec, Path specDir, Ports ports) {
        LocalStages stages = new LocalStages();
        try {
            stages.startAll(backbone, spec, specDir, ports);
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

    private void startAll(LocalBackbone backbone, FlywheelSpec spec, Path specDir, Ports ports) {
        FlywheelConfig config = backbone.config();
        ingestion = IngestionService.create(spec, specDir, config, meters);
        started.push(ingestion);
        ingestion.start();
        featureViewCount = spec.featureViews().size();
        features = FeaturePipelineService.create(spec, config, meters,
                ServingConfig.defaults().withHost(ports.host()).withPort(ports.feast()), Clock.systemUTC());
        started.push(features);
        features.start();
        OfflineStore store = OfflineStore.open(OfflineStoreConfig.from(config));
        started.push(store);
        offline = OfflineTier.create(spec, backbone.catalogue(), kafkaConfig(config), store, config.topicPrefix(),
                meters, Clock.systemUTC());
        started.push(offline);
        offline.start();
        drift = DriftMonitorService.create(spec, config, meters);
        started.push(drift);
        drift.start();
        RegistrySettings registrySettings = RegistrySettings.defaults();
        registrySettings = new RegistrySettings(config.apiToken(), registrySettings.commandWait(),
                registrySettings.kserveNamespace(), registrySettings.canaryTrafficPercent());
        registry = ModelRegistryService.create(spec, config, meters, registrySettings, ArtifactStores.localAnd());
        started.push(registry);
        registry.start();
        KafkaDashboardSources dashboardSources = KafkaDashboardSources.start(config, backbone.catalogue(),
                this::health, registry.registry());
        started.push(dashboardSources);
        Dashboard dashboard = new Dashboard(dashboardSources, meters, Clock.systemUTC());
        started.push(dashboard);
        training = TrainingTriggerService.create(spec, config, meters,
                TrainingSettings.load(System.getenv(), Map.of()));
        started.push(training);
        training.start();
        SchemaRegistryClient ingestRegistry = RegistryClients.bounded(config);
        started.push(ingestRegistry);
        HttpIngest ingest = HttpIngest.create(spec, backbone.catalogue(), config, ingestRegistry,
                HttpIngestSettings.defaults(specDir), meters);
        started.push(ingest);
        api = ApiServer.start(ports.host(), ports.api(), this::health, meters::scrape, routes -> {
            ingest.addRoutes(routes);
            features.addRoutes(routes);
            registry.addRoutes(routes);
            dashboard.addRoutes(routes);
        });
        started.push(api);
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

    /** The port Feast gRPC serving listens on. */
    int feastPort() {
        return features.grpcPort();
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
