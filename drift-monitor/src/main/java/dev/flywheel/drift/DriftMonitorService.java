package dev.flywheel.drift;

import dev.flywheel.drift.stream.DriftMetrics;
import dev.flywheel.drift.stream.DriftTopology;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.DlqRouting;
import dev.flywheel.topology.runtime.Health;
import dev.flywheel.topology.runtime.HealthStatus;
import dev.flywheel.topology.runtime.Mdc;
import dev.flywheel.topology.runtime.Stage;
import dev.flywheel.topology.runtime.StageSettings;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorTarget;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the drift monitors of a spec: one {@link Stage} per monitor, data, prediction or concept drift
 * ({@code drift-<monitor>}, application id {@code <prefix>flywheel-drift-<monitor>}, exactly-once), each built
 * by {@link DriftTopology#buildTopology}. Topics are not created here: {@code flywheel up} provisions the
 * catalogue. Deserialization failures on {@code features.<view>} go to the view's source DLQ; the predictions
 * and labels topics are external and have no DLQ, so a record there that cannot be read stops the stage
 * (Kafka's log-and-fail: DOWN with the reason, never a silent drop).
 */
public final class DriftMonitorService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitorService.class);

    private final FlywheelSpec spec;
    private final FlywheelConfig config;
    private final MeterRegistry meters;
    private final SchemaRegistryClient registry;
    private final TopicCatalogue topics;
    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private final Instant created = Instant.now();
    private boolean started;
    private boolean closed;

    private DriftMonitorService(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters,
                                SchemaRegistryClient registry) {
        this.spec = spec;
        this.config = config;
        this.meters = meters;
        this.registry = registry;
        this.topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(registry, Map.of()));
    }

    /**
     * Creates the service; nothing connects until {@link #start()}.
     *
     * @param spec the pipeline spec (its monitors, their views and models)
     * @param config the runtime settings (Kafka, schema registry, state directory, topic prefix)
     * @param meters where the monitors' counters go
     * @return the service
     */
    public static DriftMonitorService create(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters) {
        return new DriftMonitorService(spec, config, meters, ClientConfigs.schemaRegistryClient(config));
    }

    /** Returns the stage name of a monitor. */
    public static String stageName(String monitor) {
        return "drift-" + monitor;
    }

    /** Starts one stage per data-drift monitor. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the drift monitor service was already started");
        }
        started = true;
        for (MonitorSpec monitor : spec.monitors()) {
            String stageName = stageName(monitor.name());
            Mdc.with(Mdc.STAGE, stageName, () -> {
                StageSettings settings = StageSettings.of(stageName, config).withMeters(meters);
                if (monitor.target() instanceof MonitorTarget.Data data) {
                    FeatureViewSpec view = spec.featureView(data.view()).orElseThrow();
                    settings = settings.withDlq(new DlqRouting(stageName, topics::dlqFor,
                            topics.dlq(view.source()).valueSerde().serializer(), (topic, reason) -> Counter
                            .builder("flywheel.dlq.rejected").tag("stage", stageName).tag("topic", topic)
                            .tag("reason", reason).description("records routed to a dead-letter topic")
                            .register(meters).increment(), Clock.systemUTC()));
                } else if (monitor.target() instanceof MonitorTarget.Concept && monitor.referenceDataset().isPresent()) {
                    LOG.warn("Monitor {} ignores reference_dataset {}: a concept monitor compares the error rate with "
                            + "its own recent past, not with a dataset", monitor.name(), monitor.referenceDataset().get());
                }
                Stage stage = Stage.create(settings, DriftTopology.buildTopology(
                        monitor, spec, topics, new DriftMetrics(meters, monitor.name())));
                stages.put(monitor.name(), stage);
                stage.start();
            });
        }
    }

    /** Returns each monitor's health, in spec order. */
    public synchronized Map<String, Health> monitors() {
        Map<String, Health> all = new LinkedHashMap<>();
        for (MonitorSpec monitor : spec.monitors()) {
            Stage stage = stages.get(monitor.name());
            all.put(monitor.name(), stage != null ? stage.health()
                    : new Health(HealthStatus.STARTING, "not started", created));
        }
        return all;
    }

    /**
     * Returns the health of the monitors together: DOWN if one is, else STARTING if one is, else UP; the reason
     * names every monitor that is not up.
     */
    public Health health() {
        HealthStatus worst = HealthStatus.UP;
        List<String> reasons = new ArrayList<>();
        Instant since = created;
        for (MonitorSpec monitor : spec.monitors()) {
            Health health = monitors().get(monitor.name());
            if (health.status() != HealthStatus.UP) {
                reasons.add(monitor.name() + ": " + health.reason());
            }
            if (health.status() == HealthStatus.DOWN
                    || (health.status() == HealthStatus.STARTING && worst == HealthStatus.UP)) {
                worst = health.status();
            }
            since = since.isAfter(health.since()) ? since : health.since();
        }
        String reason = spec.monitors().isEmpty() ? "no drift monitors" : reasons.isEmpty()
                ? "all " + stages.size() + " monitors up" : String.join("; ", reasons);
        return new Health(worst, reason, since);
    }

    /** Stops every monitor gracefully, then the registry client. Closing again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (Stage stage : stages.values()) {
            try {
                stage.close();
            } catch (RuntimeException e) {
                LOG.error("Stage {} failed to stop", stage.name(), e);
                failure = failure == null ? e : failure;
            }
        }
        registry.close();
        if (failure != null) {
            throw failure;
        }
    }
}
