package dev.flywheel.registry;

import dev.flywheel.registry.artifact.ArtifactStore;
import dev.flywheel.registry.http.RegistryHttp;
import dev.flywheel.registry.versions.RegistryCommand;
import dev.flywheel.registry.versions.RegistryMetrics;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.Health;
import dev.flywheel.topology.runtime.Stage;
import dev.flywheel.topology.runtime.StageSettings;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.ProvisioningReport;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry at run time: one {@link Stage} ({@code <prefix>flywheel-model-registry}) running
 * {@link RegistryTopology} under exactly-once, the Java API ({@link #registry()}) over its stores and its
 * command topic, and the HTTP API ({@link #addRoutes}).
 *
 * <pre>{@code
 * ModelRegistryService models = ModelRegistryService.create(spec, config, meters,
 *         RegistrySettings.defaults().withApiToken(token), ArtifactStores.localAnd(s3Store));
 * models.start();                                   // creates its command topic if missing, then the stage
 * Javalin app = Javalin.create(cfg -> models.addRoutes(cfg.routes)).start(8080);
 * ... models.health() ... models.registry().lineage("fraud_detector", 3) ...
 * app.stop();
 * models.close();
 * }</pre>
 *
 * <p>It creates only its own command topic; the backbone topics must exist (as {@code flywheel up} creates them).
 */
public final class ModelRegistryService implements AutoCloseable {

    /** Stage name. */
    public static final String STAGE = "model-registry";

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistryService.class);

    private final Stage stage;
    private final Topic<String, RegistryCommand> commands;
    private final Properties clientConfig;
    private final SchemaRegistryClient schemaRegistry;
    private final ModelRegistry registry;
    private final RegistryHttp http;
    private KafkaCommandSink sink;

    private ModelRegistryService(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters,
                                 RegistrySettings settings, ArtifactStore artifacts, SchemaRegistryClient schemaRegistry,
                                 UnaryOperator<StageSettings> tune, Clock clock) {
        TopicCatalogue topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(schemaRegistry, Map.of()));
        this.commands = RegistryTopics.commands(topics);
        this.clientConfig = ClientConfigs.kafka(config);
        this.schemaRegistry = schemaRegistry;
        this.stage = Stage.create(tune.apply(StageSettings.of(STAGE, config).withMeters(meters)), RegistryTopology.buildTopology(spec,
                topics, commands, artifacts, new RegistryMetrics(meters), clock));
        this.registry = new ModelRegistry(spec, new StageStores(stage), this::send, clock, settings.commandWait());
        this.http = new RegistryHttp(registry, settings);
    }

    /**
     * Builds the service; nothing connects until {@link #start()}.
     *
     * @param spec the validated pipeline spec (its models and promotion policies)
     * @param config the runtime settings (cluster, registry, prefix, state directory)
     * @param meters where the registry's counters are registered
     * @param settings API token, command wait, KServe rendering
     * @param artifacts reads artifacts to check their SHA-256, e.g. {@code ArtifactStores.localAnd(s3Store)}
     * @return the service
     */
    public static ModelRegistryService create(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters,
                                              RegistrySettings settings, ArtifactStore artifacts) {
        return create(spec, config, meters, settings, artifacts, ClientConfigs.schemaRegistryClient(config),
                UnaryOperator.identity(), Clock.systemUTC());
    }

    /**
     * Builds the service with a given schema registry client and a hook to adjust the stage's settings (tests,
     * embedding).
     *
     * @param schemaRegistry the schema registry client; the service closes it
     * @param tune adjusts the stage's settings, e.g. {@code s -> s.with("commit.interval.ms", 50)}
     * @param clock stamps events and commands
     * @return the service
     */
    public static ModelRegistryService create(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters,
                                              RegistrySettings settings, ArtifactStore artifacts,
                                              SchemaRegistryClient schemaRegistry, UnaryOperator<StageSettings> tune,
                                              Clock clock) {
        return new ModelRegistryService(spec, config, meters, settings, artifacts, schemaRegistry, tune, clock);
    }

    /** Creates the command topic if it is missing, opens the command producer and starts the stage. */
    public synchronized void start() {
        try (Admin admin = Admin.create(clientConfig)) {
            ProvisioningReport report = new TopicProvisioner(admin).provision(List.of(commands));
            LOG.info("Registry command topic {}: {}", commands.name(), report.summary());
        }
        sink = new KafkaCommandSink(clientConfig, commands);
        stage.start();
    }

    /** Returns the stage's health. */
    public Health health() {
        return stage.health();
    }

    /** Returns the stage (application id, health listeners). */
    public Stage stage() {
        return stage;
    }

    /** Returns the Java API: models, versions, lineage, promote, rollback. */
    public ModelRegistry registry() {
        return registry;
    }

    /** Registers the HTTP API ({@link RegistryHttp}) on a Javalin configuration's routes. */
    public void addRoutes(RoutesConfig routes) {
        http.addRoutes(routes);
    }

    private void send(RegistryCommand command) {
        KafkaCommandSink current;
        synchronized (this) {
            current = sink;
        }
        if (current == null) {
            throw new RegistryUnavailableException("The registry is not started");
        }
        current.send(command);
    }

    /** Stops the stage gracefully, then closes the command producer and the schema registry client. */
    @Override
    public synchronized void close() {
        try {
            stage.close();
        } finally {
            if (sink != null) {
                sink.close();
                sink = null;
            }
            schemaRegistry.close();
        }
    }
}
