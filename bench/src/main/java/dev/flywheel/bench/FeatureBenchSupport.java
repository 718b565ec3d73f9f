package dev.flywheel.bench;

import dev.flywheel.features.FeaturePipelineService;
import dev.flywheel.features.serving.ServingConfig;
import dev.flywheel.platform.redis.EmbeddedRedis;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.spec.TimeBounds;
import dev.flywheel.topology.spec.WindowKind;
import dev.flywheel.topology.spec.WindowSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * One trial's feature pipeline for the feature benchmarks: a {@code txns} source of {@link BenchRecords#SCHEMA} keyed
 * by card, and one view {@code card_stats} of 6 features keyed by the source key (no repartition), run by the real
 * {@link FeaturePipelineService} (view topology, online sink, gRPC) on the bench broker, registry and Redis.
 */
final class FeatureBenchSupport {

    static final String SOURCE = "txns";
    static final String VIEW = "card_stats";
    static final String ROWS_WRITTEN = "flywheel.online.rows.written";
    static final String ROWS_SKIPPED = "flywheel.online.rows.skipped";
    static final String FRESHNESS = "flywheel.online.freshness";

    private FeatureBenchSupport() {
    }

    /** The spec of a trial; the Feast project is per trial so trials never read each other's Redis keys. */
    static FlywheelSpec spec(String project) {
        SourceSpec source = new SourceSpec(SOURCE, SOURCE, "card_id", Optional.of("ts"), Optional.empty(), List.of(),
                TimeBounds.DEFAULT, Optional.empty());
        WindowSpec sliding = new WindowSpec(WindowKind.SLIDING, Duration.ofHours(1), Duration.ofHours(1));
        WindowSpec tumbling = new WindowSpec(WindowKind.TUMBLING, Duration.ofHours(1), Duration.ofHours(1));
        WindowSpec hopping = new WindowSpec(WindowKind.HOPPING, Duration.ofHours(1), Duration.ofMinutes(10));
        FeatureViewSpec view = new FeatureViewSpec(VIEW, SOURCE, List.of("card_id"), Optional.empty(),
                Duration.ofMinutes(10), List.of(
                feature("n_1h", Aggregation.COUNT, null, sliding),
                feature("amount_sum_1h", Aggregation.SUM, "amount", tumbling),
                feature("amount_avg_1h", Aggregation.AVG, "amount", hopping),
                feature("countries_1h", Aggregation.DISTINCT_COUNT, "country", sliding),
                feature("amount_max", Aggregation.MAX, "amount", null),
                feature("last_country", Aggregation.LAST, "country", null)));
        return new FlywheelSpec(project, List.of(source), List.of(view), List.of(), List.of(), List.of());
    }

    private static FeatureSpec feature(String name, Aggregation aggregation, String field, WindowSpec window) {
        return new FeatureSpec(name, aggregation, Optional.ofNullable(field), Optional.ofNullable(window));
    }

    static FlywheelConfig config(BenchCluster cluster, EmbeddedRedis redis, String prefix, int partitions) {
        return FlywheelConfig.load(Map.of(), Map.of(
                "kafka.bootstrap.servers", cluster.bootstrapServers(),
                "registry.url", cluster.registryUrl(),
                "redis.url", "redis://" + redis.host() + ":" + redis.port(),
                "state.dir", cluster.stateDir().toString(),
                "topic.prefix", prefix,
                "topic.partitions", String.valueOf(partitions)));
    }

    /**
     * Provisions the trial's topics, registers the source schema under {@code <prefix>txns.valid}, starts the
     * pipeline and waits until every part is up.
     *
     * @return the running pipeline and the name of its source topic
     */
    static Running start(FlywheelSpec spec, FlywheelConfig config, MeterRegistry meters) throws InterruptedException {
        String valid;
        try (SchemaRegistryClient registry = ClientConfigs.schemaRegistryClient(config);
             Admin admin = Admin.create(ClientConfigs.kafka(config))) {
            TopicCatalogue topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(registry, Map.of()));
            new TopicProvisioner(admin).provision(topics.provisioned());
            valid = topics.valid(SOURCE).name();
            registry.register(valid + "-value", BenchRecords.SCHEMA);
        }
        FeaturePipelineService pipeline = FeaturePipelineService.create(spec, config, meters,
                ServingConfig.defaults().withHost("127.0.0.1").withPort(0), Clock.systemUTC());
        pipeline.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!pipeline.health().values().stream().allMatch(h -> h.isUp())) {
            if (System.nanoTime() > deadline) {
                pipeline.close();
                throw new IllegalStateException("feature pipeline not up: " + pipeline.health());
            }
            Thread.sleep(50);
        }
        return new Running(pipeline, valid);
    }

    /** Rows the online sink has handled: written, or skipped because Redis held a newer row. */
    static double rowsDone(MeterRegistry meters) {
        return count(meters, ROWS_WRITTEN) + count(meters, ROWS_SKIPPED);
    }

    private static double count(MeterRegistry meters, String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Waits until the online sink has handled {@code rows} rows; returns when, in {@link System#nanoTime()}. */
    static long awaitRows(MeterRegistry meters, double rows, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rowsDone(meters) < rows) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("online tier has " + rowsDone(meters) + " of " + rows + " rows after "
                        + timeout);
            }
            Thread.sleep(1);
        }
        return System.nanoTime();
    }

    record Running(FeaturePipelineService pipeline, String validTopic) implements AutoCloseable {
        @Override
        public void close() {
            pipeline.close();
        }
    }
}
