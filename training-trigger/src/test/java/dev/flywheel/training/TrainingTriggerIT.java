package dev.flywheel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flywheel.features.offline.OfflinePaths;
import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.features.offline.OfflineStoreConfig;
import dev.flywheel.features.offline.OfflineTarget;
import dev.flywheel.features.offline.ParquetIo;
import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.s3.EmbeddedS3;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.Severity;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.schemas.events.TriggerKind;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole trigger with the local launcher on real infrastructure: the in-process broker, the real schema registry,
 * the S3 server with a view and a labels source in the offline tier. One drift alarm becomes one request, a
 * point-in-time dataset, a run of the reference trainer as a child process, and a SUCCEEDED status whose metrics,
 * model URI and SHA-256 match what the trainer wrote.
 */
class TrainingTriggerIT {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingTriggerIT.class);
    private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final Schema TS = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    private static final Schema SPEND = SchemaBuilder.record("card_spend").fields().requiredString("card_id")
            .name("event_timestamp").type(TS).noDefault().name("created").type(TS).noDefault()
            .optionalLong("txn_count_1h").optionalDouble("amount_sum_24h").endRecord();
    private static final Schema LABELS = SchemaBuilder.record("fraud_labels").fields().requiredString("card_id")
            .name("ts").type(TS).noDefault().requiredBoolean("is_fraud").endRecord();

    @TempDir
    Path work;
    @TempDir
    Path state;

    @Test
    void shouldTurnADriftAlarmIntoATrainedModelWithMetrics() throws Exception {
        String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        EmbeddedS3 s3 = EmbeddedS3.builder().port(0).build();
        s3.start();
        SchemaRegistryServer server = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-" + prefix).port(0).build();
        server.start();
        try (HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.endpoint()))) {
            FlywheelSpec spec = spec();
            FlywheelConfig config = FlywheelConfig.load(Map.of("FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS",
                    KafkaFixture.bootstrapServers(), "FLYWHEEL_REGISTRY_URL", server.endpoint(),
                    "FLYWHEEL_STATE_DIR", state.toString(), "FLYWHEEL_TOPIC_PREFIX", prefix,
                    "FLYWHEEL_TOPIC_PARTITIONS", "2", "FLYWHEEL_S3_ENDPOINT", s3.endpoint(),
                    "FLYWHEEL_S3_ACCESS_KEY", s3.accessKey(), "FLYWHEEL_S3_SECRET_KEY", s3.secretKey(),
                    "FLYWHEEL_S3_REGION", s3.region()), Map.of());
            TopicCatalogue topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(registry, Map.of()));
            try (Admin admin = Admin.create(ClientConfigs.kafka(config))) {
                new TopicProvisioner(admin).provision(topics.provisioned());
            }
            seedOfflineTier(config);
            Path trainerJar = Path.of(System.getProperty("flywheel.trainer.jar", "../trainer/target/flywheel-trainer.jar"));
            assertThat(trainerJar).as("the trainer jar: build it first (./mvnw -pl trainer -am package)").exists();
            TrainingSettings settings = TrainingSettings.load(Map.of(), Map.of(
                    TrainingSettings.TRAINER_JAR, trainerJar.toAbsolutePath().toString(),
                    TrainingSettings.WORK_DIR, work.toString(), TrainingSettings.WATCH_INTERVAL_MS, "200",
                    TrainingSettings.TICK_MS, "200"));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();

            try (TrainingTriggerService trigger = TrainingTriggerService.create(spec, config, meters, settings)) {
                trigger.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> trigger.health().isUp());

                // when: one drift alarm
                long sent = System.nanoTime();
                send(config, topics.drift(), "spend_drift", Fixtures.drift("alarm-1", 0.5, Severity.HIGH,
                        Instant.ofEpochMilli(T0)));

                // then: requested, submitted, (running,) succeeded
                List<SpecificRecord> events = consumeUntilTerminal(config, topics.training());
                LOG.info("Drift alarm to SUCCEEDED in {} ms", (System.nanoTime() - sent) / 1_000_000);
                TrainingRequested request = (TrainingRequested) events.get(0);
                assertThat(request.getTrigger()).isEqualTo(TriggerKind.DRIFT);
                assertThat(request.getCauses()).containsExactly("alarm-1");
                List<TrainingJobStatus> statuses = events.stream().filter(TrainingJobStatus.class::isInstance)
                        .map(TrainingJobStatus.class::cast).toList();
                assertThat(statuses.get(0).getState()).isEqualTo(TrainingState.SUBMITTED);
                TrainingJobStatus done = statuses.get(statuses.size() - 1);
                assertThat(done.getState()).as("reason: %s", done.getReason()).isEqualTo(TrainingState.SUCCEEDED);
                assertThat(done.getRequestId()).isEqualTo(request.getRequestId());
                assertThat(done.getMetrics()).containsKeys("auc", "logloss");
                assertThat(done.getMetrics().get("auc")).isGreaterThan(0.7);
                assertThat(done.getModelFormat()).isEqualTo("xgboost-json");
                assertThat(done.getHyperparameters()).containsEntry("device", "cpu");
                Path model = Path.of(URI.create(done.getModelUri()));
                assertThat(done.getModelSha256()).isEqualTo(HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(model))));
                assertThat(done.getCauses()).hasSize(2).first().isEqualTo(request.getEventId());
                assertThat(done.getDatasetId()).isNotNull();
                DatasetSnapshot snapshot = consume(config, topics.datasets(), 1).get(0);
                assertThat(snapshot.getDatasetId()).isEqualTo(done.getDatasetId());
                assertThat(snapshot.getRequestId()).isEqualTo(request.getRequestId());
                assertThat(done.getCauses()).contains(snapshot.getEventId());
                assertThat(work.resolve("jobs").resolve(done.getJobName()).resolve("trainer.log")).exists();
            }
        } finally {
            server.stop();
            s3.stop();
        }
    }

    private static FlywheelSpec spec() {
        return SpecLoader.parse("flywheel.yaml", """
                project: it
                sources:
                  - {name: transactions, topic: transactions, key: card_id, timestamp: ts}
                  - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts}
                feature_views:
                  - name: card_spend
                    source: transactions
                    entity: card_id
                    features:
                      - {name: txn_count_1h, agg: count, window: 1h}
                      - {name: amount_sum_24h, agg: sum, field: amount, window: 24h}
                labels:
                  - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts, field: is_fraud}
                monitors:
                  - {name: spend_drift, view: card_spend, window: 1000, method: auto}
                models:
                  - name: fraud
                    features: [card_spend:txn_count_1h, card_spend:amount_sum_24h]
                    label: fraud_labels
                    trainer: {backend: local}
                    retrain: {on_drift: {min_share: 0.3}, cooldown: 1h, coalesce: 1s, max_concurrent: 1}
                """);
    }

    /** Feature rows a minute before each label, the label learnable from them. */
    private static void seedOfflineTier(FlywheelConfig config) {
        Random random = new Random(11);
        List<GenericRecord> spend = new ArrayList<>();
        List<GenericRecord> labels = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String card = "c-" + i;
            long t = T0 + i * MINUTE;
            double amount = random.nextDouble() * 1000;
            GenericRecord row = new GenericData.Record(SPEND);
            row.put("card_id", card);
            row.put("event_timestamp", t - MINUTE);
            row.put("created", t - MINUTE);
            row.put("txn_count_1h", (long) random.nextInt(20));
            row.put("amount_sum_24h", amount);
            spend.add(row);
            GenericRecord label = new GenericData.Record(LABELS);
            label.put("card_id", card);
            label.put("ts", t);
            label.put("is_fraud", amount + random.nextGaussian() * 100 > 600);
            labels.add(label);
        }
        try (OfflineStore store = OfflineStore.open(OfflineStoreConfig.from(config))) {
            put(store, OfflineTarget.Kind.FEATURES, "card_spend", SPEND, spend, "event_timestamp");
            put(store, OfflineTarget.Kind.SOURCE, "fraud_labels", LABELS, labels, "ts");
        }
    }

    private static void put(OfflineStore store, OfflineTarget.Kind kind, String name, Schema schema,
                            List<GenericRecord> rows, String time) {
        Map<LocalDate, List<GenericRecord>> byDate = new TreeMap<>();
        rows.forEach(r -> byDate.computeIfAbsent(OfflinePaths.dateOf((Long) r.get(time)), d -> new ArrayList<>()).add(r));
        byDate.forEach((date, list) -> store.put(OfflinePaths.objectKey("offline", kind, name, date, "t", 0, 0),
                ParquetIo.toBytes(schema, list), "application/vnd.apache.parquet"));
    }

    private static <V> void send(FlywheelConfig config, Topic<String, V> topic, String key, V value) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(ClientConfigs.kafka(config),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value));
            producer.flush();
        }
    }

    /** Reads flywheel.training until a terminal status, in order per request (one request: one partition). */
    private static List<SpecificRecord> consumeUntilTerminal(FlywheelConfig config, Topic<String, SpecificRecord> topic) {
        List<SpecificRecord> events = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = consumer(config, topic)) {
            consumer.subscribe(List.of(topic.name()));
            await().atMost(Duration.ofMinutes(3)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(r.value()));
                return events.stream().anyMatch(e -> e instanceof TrainingJobStatus s
                        && (s.getState() == TrainingState.SUCCEEDED || s.getState() == TrainingState.FAILED));
            });
        }
        return events;
    }

    private static <V> List<V> consume(FlywheelConfig config, Topic<String, V> topic, int count) {
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(config, topic)) {
            consumer.subscribe(List.of(topic.name()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= count;
            });
        }
        return values;
    }

    private static <V> KafkaConsumer<String, V> consumer(FlywheelConfig config, Topic<String, V> topic) {
        Properties props = ClientConfigs.kafka(config);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), topic.valueSerde().deserializer());
    }
}
