package dev.flywheel.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.schemas.events.FeatureProfile;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.DriftMethod;
import dev.flywheel.topology.spec.ErrorRateDetector;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorTarget;
import dev.flywheel.topology.spec.MonitorWindow;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.spec.TimeBounds;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift monitor service on the real in-process broker and the real schema registry: features on two
 * partitions, the champion's snapshot and promotion on the backbone topics, an alarm on {@code flywheel.drift};
 * then the service stops mid-window and a new one, on an empty state directory, restores the window from the
 * changelog and closes it.
 */
class DriftMonitorServiceIT {

    private static final String VIEW = "spend";
    private static final long START = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
    private static final Schema ROW = SchemaBuilder.record("spend").namespace("dev.flywheel.features").fields()
            .requiredString("card_id")
            .name("event_timestamp").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
            .noDefault()
            .name("created").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .name("amount").type().optional().doubleType()
            .endRecord();

    @TempDir
    Path firstStateDir;
    @TempDir
    Path secondStateDir;

    @Test
    void shouldAlarmOnceOnTheRealBrokerAndResumeItsWindowAfterARestart() throws Exception {
        String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        SchemaRegistryServer server = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-" + prefix).port(0).build();
        server.start();
        try (HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.endpoint()))) {
            FlywheelSpec spec = spec();
            FlywheelConfig first = config(server, prefix, firstStateDir);
            TopicCatalogue topics = TopicCatalogue.of(spec, first, new AvroTopicSerdes(registry, Map.of()));
            try (Admin admin = Admin.create(ClientConfigs.kafka(first))) {
                new TopicProvisioner(admin).provision(topics.provisioned());
            }
            List<GenericRecord> rows = new ArrayList<>();
            for (int i = 0; i < 35; i++) {
                // 10 normal, 10 drifted (alarm), 15 normal (half a window before the restart, the rest after)
                rows.add(row(i, i >= 10 && i < 20 ? 25.0 : i % 2 == 0 ? 5.0 : 15.0));
            }
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (DriftMonitorService service = DriftMonitorService.create(spec, first, meters)) {
                service.start();
                send(first, topics.datasets(), "D1", snapshot());
                send(first, topics.models(), "fraud/1", ModelPromoted.newBuilder().setEventId("promoted-1")
                        .setOccurredAt(Instant.ofEpochMilli(START)).setModel("fraud").setVersion(1).setDatasetId("D1")
                        .setReason("it").build());
                await().atMost(Duration.ofSeconds(60)).until(() -> meters.find("flywheel.drift.references").counter() != null);
                rows.subList(0, 25).forEach(row -> send(first, topics.features(VIEW), row.get("card_id").toString(), row));
                await().atMost(Duration.ofSeconds(60)).until(() -> counted(meters) == 25);
                assertThat(service.health().isUp()).isTrue();
            }
            List<SpecificRecord> opened = consume(first, topics.drift(), 2);
            assertThat(opened).hasSize(2).allSatisfy(event -> assertThat(event).isInstanceOf(DriftDetected.class));
            assertThat(((DriftDetected) opened.get(0)).getFeature()).isEqualTo(VIEW + ":amount");
            assertThat(((DriftDetected) opened.get(0)).getReferenceDatasetId()).isEqualTo("D1");

            FlywheelConfig second = config(server, prefix, secondStateDir);
            SimpleMeterRegistry again = new SimpleMeterRegistry();
            try (DriftMonitorService service = DriftMonitorService.create(spec, second, again)) {
                service.start();
                rows.subList(25, 35).forEach(row -> send(second, topics.features(VIEW), row.get("card_id").toString(), row));
                List<SpecificRecord> all = consume(second, topics.drift(), 4);
                assertThat(all).hasSize(4);
                DriftResolved resolved = (DriftResolved) all.get(2);
                assertThat(resolved.getDetectedEventId()).isEqualTo(((DriftDetected) opened.get(0)).getEventId());
                // the closing window began before the restart: rows 20..29 (five counted by the first service)
                assertThat(resolved.getWindowStart().toEpochMilli()).isEqualTo(START + 20 * 1000L);
                assertThat(resolved.getWindowSize()).isEqualTo(10);
                // the resolve comes at row 29; rows 30..34 may still be on their way (a loaded machine)
                await().atMost(Duration.ofSeconds(60)).until(() -> counted(again) == 10);
            }
        } finally {
            server.stop();
        }
    }

    private static double counted(SimpleMeterRegistry meters) {
        Counter counter = meters.find("flywheel.drift.records").tag("outcome", "counted").counter();
        return counter == null ? 0 : counter.count();
    }

    private static FlywheelConfig config(SchemaRegistryServer server, String prefix, Path stateDir) {
        return FlywheelConfig.load(Map.of("FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", KafkaFixture.bootstrapServers(),
                "FLYWHEEL_REGISTRY_URL", server.endpoint(), "FLYWHEEL_STATE_DIR", stateDir.toString(),
                "FLYWHEEL_TOPIC_PREFIX", prefix, "FLYWHEEL_TOPIC_PARTITIONS", "2"), Map.of());
    }

    private static FlywheelSpec spec() {
        SourceSpec source = new SourceSpec("txns", "txns", "card_id", Optional.of("ts"), Optional.empty(), List.of(),
                new TimeBounds(TimeBounds.DEFAULT_MAX_FUTURE_SKEW, Optional.empty()), Optional.empty());
        FeatureViewSpec view = new FeatureViewSpec(VIEW, "txns", List.of("card_id"), Optional.empty(), Duration.ZERO,
                List.of(new FeatureSpec("amount", Aggregation.LAST, Optional.of("amount"), Optional.empty())));
        MonitorSpec monitor = new MonitorSpec("spend_drift", new MonitorTarget.Data(VIEW), Optional.of("fraud"),
                Optional.empty(), new MonitorWindow.Count(10, 10), DriftMethod.PSI, OptionalDouble.empty(), 0.5,
                List.of(), ErrorRateDetector.ADWIN, Duration.ofHours(1));
        return new FlywheelSpec("it", List.of(source), List.of(view), List.of(), List.of(monitor), List.of());
    }

    private static DatasetSnapshot snapshot() {
        FeatureProfile amount = FeatureProfile.newBuilder().setFeature(VIEW + ":amount").setKind(FeatureKind.NUMERIC)
                .setCount(100).setBinEdges(List.of(0.0, 10.0, 20.0)).setBinCounts(List.of(0L, 50L, 50L, 0L))
                .setMean(10.0).setStd(5.0).setMin(0.0).setMax(20.0).build();
        return DatasetSnapshot.newBuilder().setEventId("snapshot-D1").setOccurredAt(Instant.ofEpochMilli(START))
                .setDatasetId("D1").setUri("s3://b/D1").setManifestUri("s3://b/D1/manifest.json").setRowCount(100)
                .setProfiles(List.of(amount)).build();
    }

    private static GenericRecord row(int i, double amount) {
        GenericData.Record row = new GenericData.Record(ROW);
        row.put("card_id", "card-" + i);
        row.put("event_timestamp", START + i * 1000L);
        row.put("created", START + i * 1000L);
        row.put("amount", amount);
        return row;
    }

    private static <V> void send(FlywheelConfig config, Topic<String, V> topic, String key, V value) {
        // One producer per record, flushed: the rows must reach the single-partition topic in order.
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(ClientConfigs.kafka(config),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            long time = value instanceof GenericRecord row && row.getSchema().getField("event_timestamp") != null
                    ? (Long) row.get("event_timestamp") : START;
            producer.send(new ProducerRecord<>(topic.name(), 0, time, key, value));
            producer.flush();
        }
    }

    private static <V> List<V> consume(FlywheelConfig config, Topic<String, V> topic, int count) {
        Properties props = ClientConfigs.kafka(config);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }
}
