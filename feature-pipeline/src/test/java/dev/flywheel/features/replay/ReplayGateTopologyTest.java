package dev.flywheel.features.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flywheel.features.view.FeatureViewMetrics;
import dev.flywheel.features.view.FeatureViewTopology;
import dev.flywheel.features.view.ResolvedView;
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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.LongPredicate;
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
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The row gate a replay runs the view's topology with: warm-up events build the state, only rows as of the replay's
 * time or later reach {@code features.<view>}, and refusals are not held back.
 */
class ReplayGateTopologyTest {

    private static final Schema TXN = SchemaBuilder.record("Txn").namespace("dev.flywheel.test").fields()
            .requiredString("card_id")
            .name("amount").type().optional().doubleType()
            .name("merchant").type().optional().longType()
            .name("ts").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .endRecord();
    private static final Instant WALL_CLOCK = Instant.parse("2030-01-02T00:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void shouldBuildStateFromTheWarmUpButWriteOnlyRowsFromTheReplayTime() {
        List<Long> heldBack = new ArrayList<>();
        try (Driver d = new Driver(stateDir, List.of("card_id"), asOf -> gate(asOf, heldBack))) {
            // given warm-up events at 9:10 and 9:40, then 10:05 and 10:20, for a replay from 10:00
            d.pipe("c1", 1.0, 7L, at("09:10"));
            d.pipe("c1", 2.0, 7L, at("09:40"));
            d.pipe("c2", 4.0, 7L, at("09:50"));
            d.pipe("c1", 8.0, 7L, at("10:05"));
            d.pipe("c1", 16.0, 7L, at("10:20"));

            // then: only the rows as of 10:05 and 10:20, each aggregating the warm-up events in its window
            assertThat(d.rows.readRecordsToList()).extracting(TestRecord::key, r -> r.value().get("n_1h"),
                            r -> r.value().get("amount_sum_1h"), r -> r.value().get("event_timestamp"))
                    .containsExactly(tuple("c1", 3L, 11.0, at("10:05")), tuple("c1", 3L, 26.0, at("10:20")));
            assertThat(heldBack).containsExactly(at("09:10"), at("09:40"), at("09:50"));
            assertThat(d.meters.get(FeatureViewMetrics.ROWS_OUT).counter().count()).isEqualTo(5.0);
        }
    }

    @Test
    void shouldGateRowsBehindTheRepartitionToo() {
        List<Long> heldBack = new ArrayList<>();
        try (Driver d = new Driver(stateDir, List.of("merchant"), asOf -> gate(asOf, heldBack))) {
            d.pipe("c1", 1.0, 7L, at("09:30"));
            d.pipe("c2", 2.0, 7L, at("10:00"));
            d.pipe("c3", 4.0, 8L, at("09:59"));

            assertThat(d.rows.readRecordsToList()).extracting(TestRecord::key, r -> r.value().get("n_1h"))
                    .containsExactly(tuple("7", 2L));
            assertThat(heldBack).containsExactly(at("09:30"), at("09:59"));
        }
    }

    @Test
    void shouldStillSendRefusalsToTheDlq() {
        try (Driver d = new Driver(stateDir, List.of("merchant"), asOf -> asOf >= at("10:00"))) {
            d.pipe("c1", 1.0, null, at("09:30"));

            assertThat(d.rows.readRecordsToList()).isEmpty();
            assertThat(d.dlq.readValuesToList()).extracting(RejectedRecord::getStage)
                    .containsExactly("features-v-replay-test");
        }
    }

    @Test
    void shouldWriteEveryRowWithoutAGate() {
        try (Driver d = new Driver(stateDir, List.of("card_id"), null)) {
            d.pipe("c1", 1.0, 7L, at("09:10"));
            d.pipe("c1", 2.0, 7L, at("10:05"));

            assertThat(d.rows.readValuesToList()).hasSize(2);
        }
    }

    private static boolean gate(long asOf, List<Long> heldBack) {
        if (asOf >= at("10:00")) {
            return true;
        }
        heldBack.add(asOf);
        return false;
    }

    private static long at(String hhmm) {
        return LocalDateTime.parse("2030-01-01T" + hhmm).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static final class Driver implements AutoCloseable {
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final TopologyTestDriver driver;
        final TestInputTopic<Bytes, GenericRecord> in;
        final TestOutputTopic<String, GenericRecord> rows;
        final TestOutputTopic<Bytes, RejectedRecord> dlq;

        Driver(Path stateDir, List<String> entity, LongPredicate gate) {
            SourceSpec source = new SourceSpec("txns", "txns", "card_id", Optional.of("ts"), Optional.empty(), List.of(),
                    new TimeBounds(TimeBounds.DEFAULT_MAX_FUTURE_SKEW, Optional.empty()), Optional.<DedupeSpec>empty());
            WindowSpec sliding = new WindowSpec(WindowKind.SLIDING, Duration.ofHours(1), Duration.ofHours(1));
            FeatureViewSpec view = new FeatureViewSpec("v", "txns", entity, Optional.empty(), Duration.ofHours(2), List.of(
                    new FeatureSpec("n_1h", Aggregation.COUNT, Optional.empty(), Optional.of(sliding)),
                    new FeatureSpec("amount_sum_1h", Aggregation.SUM, Optional.of("amount"), Optional.of(sliding))));
            FlywheelSpec spec = new FlywheelSpec("test", List.of(source), List.of(view), List.of(), List.of(), List.of());
            TopicCatalogue topics = TopicCatalogue.of(spec, new TopicNames(""), new TopicSettings(1, Optional.empty(),
                    CleanupPolicy.DELETE, Optional.empty(), Map.of()),
                    new AvroTopicSerdes(new InMemorySchemaRegistryClient(), Map.of()));
            DlqRouting routing = new DlqRouting("features-v-replay-test", topics::dlqFor,
                    topics.dlq("txns").valueSerde().serializer(), new RejectionCounters(), Clock.systemUTC());
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test-replay");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            driver = new TopologyTestDriver(FeatureViewTopology.buildTopology(ResolvedView.of(view, source, TXN), topics,
                    routing, new FeatureViewMetrics(meters, "v"), gate), props, WALL_CLOCK);
            in = driver.createInputTopic(topics.valid("txns").name(), topics.valid("txns").keySerde().serializer(),
                    topics.valid("txns").valueSerde().serializer());
            rows = driver.createOutputTopic(topics.features("v").name(), topics.features("v").keySerde().deserializer(),
                    topics.features("v").valueSerde().deserializer());
            dlq = driver.createOutputTopic(topics.dlq("txns").name(), topics.dlq("txns").keySerde().deserializer(),
                    topics.dlq("txns").valueSerde().deserializer());
        }

        void pipe(String card, Double amount, Long merchant, long ts) {
            GenericData.Record txn = new GenericData.Record(TXN);
            txn.put("card_id", card);
            txn.put("amount", amount);
            txn.put("merchant", merchant);
            txn.put("ts", ts);
            in.pipeInput(Bytes.wrap(card.getBytes(StandardCharsets.UTF_8)), txn, WALL_CLOCK);
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
