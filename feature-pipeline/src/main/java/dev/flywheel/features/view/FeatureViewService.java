package dev.flywheel.features.view;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.schemas.registry.SchemaRegistryException;
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
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every feature view of a spec: one {@link Stage} per view ({@code features-<view>}, application id
 * {@code <prefix>flywheel-features-<view>}, exactly-once).
 *
 * <p>A view is typed against its source's record schema, so it starts once that schema is known: at
 * {@link #start()} when it is, else as soon as it is registered (checked every few seconds; the view is
 * STARTING meanwhile). Before a view starts, its output schema is registered under
 * {@code features.<view>-value}; a change the registry refuses as incompatible leaves the view DOWN with
 * the registry's reason. Topics are not created here: {@code flywheel up} provisions the catalogue.
 */
public final class FeatureViewService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureViewService.class);
    private static final Duration SCHEMA_POLL = Duration.ofSeconds(5);

    private final FlywheelSpec spec;
    private final FlywheelConfig config;
    private final MeterRegistry meters;
    private final SchemaRegistryClient registry;
    private final TopicCatalogue topics;
    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private final Map<String, Health> pending = new LinkedHashMap<>();
    private ScheduledExecutorService poller;
    private boolean closed;

    private FeatureViewService(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters,
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
     * @param spec the pipeline spec
     * @param config the runtime settings (Kafka, schema registry, state directory, topic prefix)
     * @param meters where the views' counters go
     * @return the service
     */
    public static FeatureViewService create(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters) {
        return new FeatureViewService(spec, config, meters, ClientConfigs.schemaRegistryClient(config));
    }

    /** Returns the stage name of a view. */
    public static String stageName(String view) {
        return "features-" + view;
    }

    /**
     * The Kafka Streams settings of a view's stage: {@link StageSettings#of} with no compression for the stage's
     * producer. A view writes every state change to its changelogs besides its rows, so its producer
     * fills many small batches per commit: lz4 allocated a fresh 64 KiB block pair per batch, a fifth of all
     * allocation and the stream thread's hottest frames in {@code bench features-throughput}, for records that are
     * small and mostly incompressible (bench/README.md, "Feature pipeline").
     *
     * @param stageName the stage name (its application id is {@code <prefix>flywheel-<stageName>})
     * @param config the runtime settings
     * @return the settings
     */
    public static StageSettings settings(String stageName, FlywheelConfig config) {
        return StageSettings.of(stageName, config)
                .with(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
    }

    /** Starts every view whose source schema is known, and keeps checking for the others. */
    public synchronized void start() {
        if (poller != null) {
            throw new IllegalStateException("the feature view service was already started");
        }
        spec.featureViews().forEach(view -> pending.put(view.name(), new Health(HealthStatus.STARTING,
                "not started yet", Instant.now())));
        startWhatCan();
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "feature-views-schema-poll");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::startWhatCan, SCHEMA_POLL.toMillis(), SCHEMA_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Returns each view's health, in spec order. */
    public synchronized Map<String, Health> views() {
        Map<String, Health> all = new LinkedHashMap<>();
        for (FeatureViewSpec view : spec.featureViews()) {
            Stage stage = stages.get(view.name());
            all.put(view.name(), stage != null ? stage.health()
                    : pending.getOrDefault(view.name(), new Health(HealthStatus.STARTING, "not started", Instant.now())));
        }
        return all;
    }

    /** Returns the health of all views together: DOWN if one is down, else STARTING if one is, else UP. */
    public Health health() {
        Map<String, Health> views = views();
        HealthStatus worst = HealthStatus.UP;
        List<String> reasons = new ArrayList<>();
        Instant since = Instant.EPOCH;
        for (Map.Entry<String, Health> view : views.entrySet()) {
            HealthStatus status = view.getValue().status();
            if (status == HealthStatus.DOWN || (status == HealthStatus.STARTING && worst == HealthStatus.UP)) {
                worst = status;
            }
            if (status != HealthStatus.UP) {
                reasons.add(view.getKey() + ": " + view.getValue().reason());
            }
            since = since.isAfter(view.getValue().since()) ? since : view.getValue().since();
        }
        String reason = views.isEmpty() ? "no feature views" : reasons.isEmpty() ? "all " + views.size()
                + " views up" : String.join("; ", reasons);
        return new Health(worst, reason, since);
    }

    /** Stops every view gracefully, then the registry client. Closing again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (poller != null) {
            poller.shutdownNow();
        }
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

    private synchronized void startWhatCan() {
        if (closed) {
            return;
        }
        for (FeatureViewSpec view : spec.featureViews()) {
            if (!stages.containsKey(view.name()) && pending.get(view.name()).status() != HealthStatus.DOWN) {
                Mdc.with(Mdc.STAGE, stageName(view.name()), () -> tryStart(view));
            }
        }
    }

    private void tryStart(FeatureViewSpec view) {
        SourceSpec source = spec.source(view.source()).orElseThrow(() -> new IllegalStateException(
                "view " + view.name() + " reads unknown source " + view.source()));
        try {
            Optional<Schema> sourceSchema = SourceSchemas.of(registry, topics, source);
            if (sourceSchema.isEmpty()) {
                if (!pending.get(view.name()).reason().startsWith("waiting")) {
                    LOG.info("View {} waits for the first schema of source {}", view.name(), source.name());
                    pending.put(view.name(), new Health(HealthStatus.STARTING, "waiting for the schema of source "
                            + source.name(), Instant.now()));
                }
                return;
            }
            ResolvedView resolved = ResolvedView.of(view, source, sourceSchema.get());
            registry.register(FeatureSchemas.subject(topics.features(view.name()).name()), resolved.outputSchema());
            String stageName = stageName(view.name());
            DlqRouting dlq = new DlqRouting(stageName, topics::dlqFor, topics.dlq(source.name()).valueSerde().serializer(),
                    new MicrometerRejectionMetrics(meters, stageName), Clock.systemUTC());
            Stage stage = Stage.create(settings(stageName, config).withDlq(dlq).withMeters(meters),
                    FeatureViewTopology.buildTopology(resolved, topics, dlq, new FeatureViewMetrics(meters, view.name())));
            stages.put(view.name(), stage);
            stage.start();
        } catch (SchemaRegistryException e) {
            if (e.isRetriable()) {
                // The registry being out of reach is not the view's fault: keep trying.
                LOG.warn("View {} cannot reach the schema registry yet: {}", view.name(), e.getMessage());
                pending.put(view.name(), new Health(HealthStatus.STARTING, "waiting for the schema registry: "
                        + e.getMessage(), Instant.now()));
            } else {
                LOG.error("View {} cannot start", view.name(), e);
                pending.put(view.name(), new Health(HealthStatus.DOWN, e.getMessage(), Instant.now()));
            }
        } catch (RuntimeException e) {
            // A view that cannot be typed or registered stays down with the reason; the others run.
            LOG.error("View {} cannot start", view.name(), e);
            pending.put(view.name(), new Health(HealthStatus.DOWN, e.getMessage() == null ? e.toString()
                    : e.getMessage(), Instant.now()));
        }
    }
}
