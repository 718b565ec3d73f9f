package dev.flywheel.features.view;

import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.topology.runtime.DlqRouting;
import dev.flywheel.topology.runtime.RejectionCounters;
import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.DedupeSpec;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.spec.TimeBounds;
import dev.flywheel.topology.spec.WindowKind;
import dev.flywheel.topology.spec.WindowSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.CleanupPolicy;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicNames;
import dev.flywheel.topology.topics.TopicSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One view under {@link TopologyTestDriver}: a {@code txns} source of {@link #TXN} records, the view's
 * topology built by the real factory with the real catalogue and registry serdes (in memory), and helpers
 * to pipe events at explicit event times and read rows, DLQ records and the state store.
 */
final class ViewFixture implements AutoCloseable {

    static final String SOURCE = "txns";
    static final String VIEW = "card_spend";
    static final Instant WALL_CLOCK = Instant.parse("2030-01-01T00:00:00Z");

    static final Schema TXN = SchemaBuilder.record("Txn").namespace("dev.flywheel.test").fields()
            .requiredString("card_id")
            .name("country").type().optional().stringType()
            .name("amount").type().optional().doubleType()
            .name("qty").type().optional().intType()
            .name("merchant").type().optional().longType()
            .name("ts").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .endRecord();

    final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RejectionCounters rejections = new RejectionCounters();
    final TopicCatalogue topics;
    final ResolvedView view;
    final TopologyTestDriver driver;
    final TestInputTopic<Bytes, GenericRecord> in;
    final TestOutputTopic<String, GenericRecord> rows;
    final TestOutputTopic<Bytes, RejectedRecord> dlq;

    ViewFixture(Path stateDir, FeatureViewSpec spec, Optional<String> timestampField) {
        SourceSpec source = source(timestampField);
        FlywheelSpec flywheel = new FlywheelSpec("test", List.of(source), List.of(spec), List.of(), List.of(), List.of());
        topics = TopicCatalogue.of(flywheel, new TopicNames(""), new TopicSettings(1, Optional.empty(),
                CleanupPolicy.DELETE, Optional.empty(), Map.of()), new AvroTopicSerdes(registry, Map.of()));
        view = ResolvedView.of(spec, source, TXN);
        DlqRouting routing = new DlqRouting("features-" + VIEW, topics::dlqFor,
                topics.dlq(SOURCE).valueSerde().serializer(), rejections, Clock.systemUTC());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test-" + VIEW);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(FeatureViewTopology.buildTopology(view, topics, routing,
                new FeatureViewMetrics(meters, VIEW)), props, WALL_CLOCK);
        in = driver.createInputTopic(topics.valid(SOURCE).name(), topics.valid(SOURCE).keySerde().serializer(),
                topics.valid(SOURCE).valueSerde().serializer());
        rows = driver.createOutputTopic(topics.features(VIEW).name(), topics.features(VIEW).keySerde().deserializer(),
                topics.features(VIEW).valueSerde().deserializer());
        dlq = driver.createOutputTopic(topics.dlq(SOURCE).name(), topics.dlq(SOURCE).keySerde().deserializer(),
                topics.dlq(SOURCE).valueSerde().deserializer());
    }

    ViewFixture(Path stateDir, FeatureViewSpec spec) {
        this(stateDir, spec, Optional.of("ts"));
    }

    static SourceSpec source(Optional<String> timestampField) {
        return new SourceSpec(SOURCE, SOURCE, "card_id", timestampField, Optional.empty(), List.of(),
                new TimeBounds(TimeBounds.DEFAULT_MAX_FUTURE_SKEW, Optional.empty()), Optional.<DedupeSpec>empty());
    }

    static FeatureViewSpec view(Duration grace, Optional<Duration> ttl, FeatureSpec... features) {
        return new FeatureViewSpec(VIEW, SOURCE, List.of("card_id"), ttl, grace, List.of(features));
    }

    static FeatureSpec feature(String name, Aggregation agg, String field, WindowSpec window) {
        return new FeatureSpec(name, agg, Optional.ofNullable(field), Optional.ofNullable(window));
    }

    static WindowSpec tumbling(Duration size) {
        return new WindowSpec(WindowKind.TUMBLING, size, size);
    }

    static WindowSpec hopping(Duration size, Duration hop) {
        return new WindowSpec(WindowKind.HOPPING, size, hop);
    }

    static WindowSpec sliding(Duration size) {
        return new WindowSpec(WindowKind.SLIDING, size, size);
    }

    /** Epoch milliseconds of a time of day on 2030-01-01 UTC, for readable event times. */
    static long at(String hhmmss) {
        return java.time.LocalDateTime.parse("2030-01-01T" + hhmmss).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    static GenericRecord txn(String card, String country, Double amount, Integer qty, Long merchant, long ts) {
        GenericData.Record txn = new GenericData.Record(TXN);
        txn.put("card_id", card);
        txn.put("country", country);
        txn.put("amount", amount);
        txn.put("qty", qty);
        txn.put("merchant", merchant);
        txn.put("ts", ts);
        return txn;
    }

    /** Pipes a record whose event time is its {@code ts} field; the Kafka timestamp is the wall clock. */
    void pipe(GenericRecord txn) {
        in.pipeInput(key(txn.get("card_id").toString()), txn, WALL_CLOCK);
    }

    static Bytes key(String card) {
        return Bytes.wrap(card.getBytes(StandardCharsets.UTF_8));
    }

    GenericRecord decodeSource(java.nio.ByteBuffer wire) {
        byte[] bytes = new byte[wire.remaining()];
        wire.duplicate().get(bytes);
        return topics.valid(SOURCE).valueSerde().deserializer().deserialize(topics.valid(SOURCE).name(), bytes);
    }

    /** The view's one state store: entity key to the entity's whole state. */
    KeyValueStore<String, EntityState> entityStore() {
        return driver.getKeyValueStore(view.stateStoreName());
    }

    /** The stored slice of an entity in a window group that starts at {@code start}, or null. */
    FeatureState slice(String key, int group, long start) {
        EntityState state = entityStore().get(key);
        return state == null ? null : state.slices(group).get(start);
    }

    /** The starts of an entity's stored slices in a window group, in order. */
    List<Long> sliceStarts(String key, int group) {
        EntityState state = entityStore().get(key);
        List<Long> starts = new java.util.ArrayList<>();
        for (int i = 0; state != null && i < state.slices(group).size(); i++) {
            starts.add(state.slices(group).start(i));
        }
        return starts;
    }

    double counter(String name) {
        return meters.get(name).tag("view", VIEW).counter().count();
    }

    @Override
    public void close() {
        driver.close();
    }
}
