package dev.flywheel.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftKind;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.DriftMethod;
import dev.flywheel.topology.spec.ErrorRateDetector;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.LabelSpec;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorTarget;
import dev.flywheel.topology.spec.MonitorWindow;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prediction-drift and a concept-drift monitor of one predictions topic and one labels topic (one partition
 * each, so the order of the stream, and so the change point, is the order sent), run by the service on the real
 * broker and registry. 1,100 predictions with scores spread over [0, 1) and labels wrong for 1 in 10; then 200
 * with scores in [0.95, 1) and labels wrong for 6 in 10: one PREDICTION alarm and one CONCEPT alarm.
 */
class PredictionAndConceptDriftIT {

    /** Pairs sent, and the first of the shifted ones: the reference (1,000), one window like it, then 2 shifted. */
    private static final int PAIRS = 1300;
    private static final int CHANGE = 1100;
    private static final long START = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
    private static final Schema PREDICTION = SchemaBuilder.record("prediction").namespace("dev.flywheel.it").fields()
            .requiredString("card_id").requiredDouble("score")
            .name("ts").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .endRecord();
    private static final Schema LABEL = SchemaBuilder.record("label").namespace("dev.flywheel.it").fields()
            .requiredString("card_id").requiredBoolean("is_fraud").endRecord();

    @TempDir
    Path stateDir;

    @Test
    void shouldRaiseOnePredictionAndOneConceptAlarmOnTheRealBroker() throws Exception {
        String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        SchemaRegistryServer server = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-" + prefix).port(0).build();
        server.start();
        try (HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.endpoint()))) {
            FlywheelSpec spec = spec(prefix);
            FlywheelConfig config = FlywheelConfig.load(Map.of("FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS",
                    KafkaFixture.bootstrapServers(), "FLYWHEEL_REGISTRY_URL", server.endpoint(), "FLYWHEEL_STATE_DIR",
                    stateDir.toString(), "FLYWHEEL_TOPIC_PREFIX", prefix, "FLYWHEEL_TOPIC_PARTITIONS", "2"), Map.of());
            TopicCatalogue topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(registry, Map.of()));
            try (Admin admin = Admin.create(ClientConfigs.kafka(config))) {
                new TopicProvisioner(admin).provision(topics.provisioned());
                admin.createTopics(List.of(new NewTopic(prefix + "predictions", 1, (short) 1),
                        new NewTopic(prefix + "labels", 1, (short) 1))).all().get();
            }
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (DriftMonitorService service = DriftMonitorService.create(spec, config, meters)) {
                service.start();
                Topic<Bytes, GenericRecord> predictions = topics.predictions("score_drift");
                Topic<Bytes, GenericRecord> labels = topics.labels("fraud_label");
                try (KafkaProducer<Bytes, GenericRecord> producer = new KafkaProducer<>(ClientConfigs.kafka(config),
                        predictions.keySerde().serializer(), predictions.valueSerde().serializer())) {
                    for (int i = 0; i < PAIRS; i++) {
                        boolean shifted = i >= CHANGE;
                        double score = shifted ? 0.95 + (i % 10) / 200.0 : (i % 100 + 0.5) / 100;
                        boolean wrong = i % 10 < (shifted ? 6 : 1);
                        String card = "card-" + i;
                        Bytes key = Bytes.wrap(card.getBytes(StandardCharsets.UTF_8));
                        long time = START + i * 1000L;
                        GenericData.Record prediction = new GenericData.Record(PREDICTION);
                        prediction.put("card_id", card);
                        prediction.put("score", score);
                        prediction.put("ts", time);
                        GenericData.Record label = new GenericData.Record(LABEL);
                        label.put("card_id", card);
                        label.put("is_fraud", (score > 0.5) != wrong);
                        producer.send(new ProducerRecord<>(predictions.name(), null, time, key, prediction));
                        producer.send(new ProducerRecord<>(labels.name(), null, time + 60_000, key, label));
                    }
                    producer.flush();
                }
                await().atMost(Duration.ofSeconds(300)).until(() -> count(meters, "score_drift", "counted")
                        + count(meters, "score_drift", "reference") == PAIRS && count(meters, "fraud_errors", "joined") == PAIRS);
                assertThat(service.health().isUp()).isTrue();
                List<SpecificRecord> alarms = consume(config, topics.drift(), 2);
                assertThat(alarms).hasSize(2).allSatisfy(event -> assertThat(event).isInstanceOf(DriftDetected.class));
                assertThat(alarms).extracting(event -> ((DriftDetected) event).getKind())
                        .containsExactlyInAnyOrder(DriftKind.PREDICTION, DriftKind.CONCEPT);
                DriftDetected concept = alarms.stream().map(DriftDetected.class::cast)
                        .filter(alarm -> alarm.getKind() == DriftKind.CONCEPT).findFirst().orElseThrow();
                assertThat(concept.getMethod()).isEqualTo("ADWIN");
                assertThat(concept.getWindowEnd().toEpochMilli()).isBetween(START + CHANGE * 1000L, START + (CHANGE + 100) * 1000L);
                // nothing more than the two: no repeats
                assertThat(consume(config, topics.drift(), 3)).hasSize(2);
            }
        } finally {
            server.stop();
        }
    }

    private static double count(SimpleMeterRegistry meters, String monitor, String outcome) {
        Counter counter = meters.find("flywheel.drift.records").tag("monitor", monitor).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static FlywheelSpec spec(String prefix) {
        MonitorTarget.PredictionStream stream = new MonitorTarget.PredictionStream(prefix + "predictions", "card_id",
                "score", Optional.of("ts"));
        LabelSpec label = new LabelSpec("fraud_label", prefix + "labels", "card_id", Optional.empty(), "is_fraud");
        MonitorSpec prediction = new MonitorSpec("score_drift", new MonitorTarget.Prediction(stream), Optional.of("fraud"),
                Optional.empty(), new MonitorWindow.Count(100, 100), DriftMethod.AUTO, OptionalDouble.empty(), 0.5,
                List.of(), ErrorRateDetector.ADWIN, Duration.ofHours(1));
        MonitorSpec concept = new MonitorSpec("fraud_errors", new MonitorTarget.Concept(stream, label.name()),
                Optional.of("fraud"), Optional.empty(), new MonitorWindow.Count(100, 100), DriftMethod.AUTO,
                OptionalDouble.empty(), 0.5, List.of(), ErrorRateDetector.ADWIN, Duration.ofHours(1));
        return new FlywheelSpec("it", List.of(), List.of(), List.of(label), List.of(prediction, concept), List.of());
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
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }
}
