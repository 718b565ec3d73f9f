package dev.flywheel.cli;

import dev.flywheel.ingestion.IngestionService;
import dev.flywheel.ingestion.http.HttpIngest;
import dev.flywheel.ingestion.http.HttpIngestSettings;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.schemas.registry.RetryPolicy;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.Health;
import dev.flywheel.topology.spec.FlywheelSpec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
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

    private static final Logger log = LoggerFactory.getLogger(LocalStages.class);

    /** HTTP ingest waits this long at most for the registry, so a request never hangs on it. */
    private static final Duration REGISTRY_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REGISTRY_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private IngestionService ingestion;
    private ApiServer api;

    private LocalStages() {
    }

    /**
     * Starts the stages.
     *
     * @param backbone the running infrastructure and topics
     * @param spec the pipeline spec
     * @param specDir the folder of the spec file (reader schemas are relative to it)
     * @param apiHost address of the HTTP API
     * @param apiPort port of the HTTP API (0 = free)
     * @return the running stages
     */
    static LocalStages start(LocalBackbone backbone, FlywheelSpec spec, Path specDir, String apiHost, int apiPort) {
        LocalStages stages = new LocalStages();
        try {
            stages.startAll(backbone, spec, specDir, apiHost, apiPort);
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

    private void startAll(LocalBackbone backbone, FlywheelSpec spec, Path specDir, String apiHost, int apiPort) {
        FlywheelConfig config = backbone.config();
        ingestion = IngestionService.create(spec, specDir, config, meters);
        started.push(ingestion);
        ingestion.start();
        SchemaRegistryClient ingestRegistry = new HttpSchemaRegistryClient(registryFor(config));
        started.push(ingestRegistry);
        HttpIngest ingest = HttpIngest.create(spec, backbone.catalogue(), config, ingestRegistry,
                HttpIngestSettings.defaults(specDir), meters);
        started.push(ingest);
        api = ApiServer.start(apiHost, apiPort, this::health, meters::scrape, ingest::addRoutes);
        started.push(api);
    }

    private static RegistryClientConfig registryFor(FlywheelConfig config) {
        RegistryClientConfig registry = RegistryClientConfig.of(config.registryUrl().toString())
                .withTimeouts(REGISTRY_CONNECT_TIMEOUT, REGISTRY_REQUEST_TIMEOUT)
                .withRetry(new RetryPolicy(1, Duration.ofMillis(100), Duration.ofMillis(500)));
        if (config.registryUserInfo().isPresent()) {
            registry = registry.withUserInfo(config.registryUserInfo().get().value());
        }
        return registry;
    }

    /** Each stage's health, by stage name. */
    Map<String, Health> health() {
        Map<String, Health> health = new LinkedHashMap<>();
        if (ingestion != null) {
            ingestion.stages().forEach((source, stage) -> health.put(stage.name(), stage.health()));
        }
        return health;
    }

    /** The HTTP API's port. */
    int apiPort() {
        return api.port();
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
