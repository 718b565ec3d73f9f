package dev.flywheel.ingestion;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.schemas.serde.GenericAvroDeserializer;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.DlqRouting;
import dev.flywheel.topology.runtime.Health;
import dev.flywheel.topology.runtime.Stage;
import dev.flywheel.topology.runtime.StageSettings;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion stage at run time: one {@link Stage} per source of the spec (application id
 * {@code <prefix>flywheel-ingestion-<source>}), each running {@link IngestionTopology} under exactly-once,
 * with the DLQ error handlers, sharing one schema registry client that the service closes.
 *
 * <p>It does not provision topics: {@code <source>.valid} and {@code <source>.dlq} must exist (as
 * {@code flywheel up} creates them) and producers own their input topics.
 */
public final class IngestionService implements AutoCloseable {

    /** Stage name prefix: each source runs as stage {@code ingestion-<source>}. */
    public static final String STAGE = "ingestion";

    private static final Logger LOG = LoggerFactory.getLogger(IngestionService.class);

    private final Map<String, Stage> stages;
    private final SchemaRegistryClient registry;

    private IngestionService(Map<String, Stage> stages, SchemaRegistryClient registry) {
        this.stages = stages;
        this.registry = registry;
    }

    /**
     * Builds one stage per source; nothing connects until {@link #start()}. Reader schemas are loaded here, so
     * a missing or broken {@code .avsc} fails at once.
     *
     * @param spec the validated pipeline spec
     * @param specDir the folder of {@code flywheel.yaml}; reader schema paths are relative to it
     * @param config the runtime settings (cluster, registry, prefix, state directory)
     * @param meters where the ingestion counters are registered
     * @return the service
     * @throws IllegalArgumentException when a reader schema cannot be loaded
     */
    public static IngestionService create(FlywheelSpec spec, Path specDir, FlywheelConfig config, MeterRegistry meters) {
        return create(spec, specDir, config, meters, ClientConfigs.schemaRegistryClient(config), UnaryOperator.identity(),
                Clock.systemUTC());
    }

    /**
     * Builds one stage per source with a given registry client and a hook to adjust each stage's settings (for
     * tests and embedding).
     *
     * @param spec the validated pipeline spec
     * @param specDir the folder of {@code flywheel.yaml}
     * @param config the runtime settings
     * @param meters where the ingestion counters are registered
     * @param registry the schema registry client; the service closes it
     * @param tune adjusts each stage's settings (for example {@code s -> s.with("commit.interval.ms", 50)})
     * @param clock the ingest-time clock
     * @return the service
     */
    public static IngestionService create(FlywheelSpec spec, Path specDir, FlywheelConfig config, MeterRegistry meters,
                                          SchemaRegistryClient registry, UnaryOperator<StageSettings> tune,
                                          Clock clock) {
        TopicCatalogue topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(registry, Map.of()));
        IngestionMetrics metrics = new IngestionMetrics(meters);
        Map<String, Stage> stages = new LinkedHashMap<>();
        for (SourceSpec source : spec.sources()) {
            Schema reader = ReaderSchemas.load(source, specDir).orElse(null);
            DlqRouting routing = new DlqRouting(STAGE, topics::dlqFor,
                    topics.dlq(source.name()).valueSerde().serializer(), metrics, clock);
            SourceTopics sourceTopics = SourceTopics.of(topics, source.name(), new GenericAvroDeserializer(registry,
                    reader));
            StageSettings settings = tune.apply(StageSettings.of(STAGE + "-" + source.name(), config).withDlq(routing).withMeters(meters)
                    .with(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads(config)));
            stages.put(source.name(), Stage.create(settings,
                    IngestionTopology.buildTopology(source, sourceTopics, routing, metrics, clock)));
        }
        return new IngestionService(stages, registry);
    }

    /**
     * Stream threads per source: one per partition (as {@code topic.partitions} sets them), at most two per core.
     * Under exactly-once each thread's commit (every 100 ms) waits for its producer's sends and its transaction, a
     * large share of its time; with several threads one processes while another waits, so two per core still
     * keep the cores busy. More threads than partitions would idle.
     *
     * @param config the runtime settings
     * @return the number of stream threads
     */
    static int streamThreads(FlywheelConfig config) {
        return Math.max(1, Math.min(config.topicPartitions(), 2 * Runtime.getRuntime().availableProcessors()));
    }

    /** Starts every source's stage; returns at once ({@link #health()} turns UP per source). */
    public void start() {
        stages.values().forEach(Stage::start);
    }

    /** Returns each source's health, in spec order. */
    public Map<String, Health> health() {
        Map<String, Health> health = new LinkedHashMap<>();
        stages.forEach((source, stage) -> health.put(source, stage.health()));
        return Collections.unmodifiableMap(health);
    }

    /** Returns the stage of each source, in spec order (for application ids and health listeners). */
    public Map<String, Stage> stages() {
        return Collections.unmodifiableMap(stages);
    }

    /** Stops every stage gracefully (each within its shutdown timeout), then closes the registry client. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Stage stage : stages.values()) {
            try {
                stage.close();
            } catch (RuntimeException e) {
                LOG.error("Stage {} failed to close", stage.name(), e);
                failures.add(e);
            }
        }
        registry.close();
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
