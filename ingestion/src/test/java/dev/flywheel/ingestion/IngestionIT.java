package dev.flywheel.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.schemas.serde.GenericAvroDeserializer;
import dev.flywheel.schemas.serde.GenericAvroSerializer;
import dev.flywheel.schemas.serde.SpecificAvroDeserializer;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.Health;
import dev.flywheel.topology.runtime.HealthStatus;
import dev.flywheel.topology.runtime.LineageHeaders;
import dev.flywheel.topology.runtime.Stage;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingestion stage on the real in-process broker and the real schema registry server, through
 * {@link IngestionService}: bad payloads of every kind mixed into 100,000 good records, and a producer moving
 * to a new schema version while the stage runs.
 */
class IngestionIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int GOOD = 100_000;
    private static final int PARTITIONS = 2;

    private static SchemaRegistryServer server;
    private static HttpSchemaRegistryClient producerRegistry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() {
        server = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-ingestion-it-" + RUN).port(0).build();
        server.start();
        producerRegistry = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.endpoint()));
    }

    @AfterAll
    static void stopRegistry() {
        if (producerRegistry != null) {
            producerRegistry.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void shouldDeliverEveryGoodRecordOnceAndEveryBadOneToTheDlqWhileRunning() throws Exception {
        // given
        String source = "txns_" + RUN;
        Running stage = start(source);
        GenericAvroSerializer serializer = new GenericAvroSerializer(producerRegistry);
        Instant now = Instant.now();
        byte[] template = serializer.serialize(source, Txns.v1("e-0", 1.0, "US", now));
        Map<String, String> expectedReasons = new HashMap<>();
        List<ProducerRecord<byte[], byte[]>> bad = badRecords(source, serializer, template, now, expectedReasons);
        List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < GOOD; i++) {
            String id = "e-" + i;
            all.add(record(source, id, serializer.serialize(source, Txns.v1(id, random.nextInt(1001),
                    random.nextBoolean() ? "US" : "DE", now))));
        }
        for (ProducerRecord<byte[], byte[]> record : bad) {
            all.add(random.nextInt(all.size()), record);
        }
        List<String> resent = List.of("e-17", "e-4242", "e-99999");
        for (String id : resent) {
            all.add(record(source, id, serializer.serialize(source, Txns.v1(id, 5.0, "US", now))));
        }

        // when
        produce(all);

        // then
        Map<String, Integer> valid = new HashMap<>();
        consume(source + ".valid", new GenericAvroDeserializer(producerRegistry), GOOD, record -> {
            assertThat(LineageHeaders.read(record.headers())).isPresent();
            valid.merge(record.value().get("id").toString(), 1, Integer::sum);
        });
        assertThat(valid).hasSize(GOOD);
        assertThat(valid.values()).containsOnly(1);

        Map<String, String> rejected = new HashMap<>();
        consume(source + ".dlq", new SpecificAvroDeserializer<>(producerRegistry, RejectedRecord.class),
                expectedReasons.size(), record -> rejected.merge(new String(record.key(), StandardCharsets.UTF_8),
                        record.value().getReasonCode(), (a, b) -> a + "," + b));
        assertThat(rejected).isEqualTo(expectedReasons);
        assertThat(stage.meters.get(IngestionMetrics.DUPLICATES).counter().count()).isGreaterThanOrEqualTo(
                resent.size());
        assertThat(stage.healthSeen).doesNotContain(HealthStatus.DOWN);
        assertThat(stage.service.health().get(source).isUp()).isTrue();
        stage.service.close();
    }

    @Test
    void shouldReadANewWriterSchemaVersionWithoutRestartInThePinnedReaderSchema() throws Exception {
        // given
        String source = "evolving_" + RUN;
        Running stage = start(source);
        GenericAvroSerializer serializer = new GenericAvroSerializer(producerRegistry);
        Instant now = Instant.now();
        produce(List.of(record(source, "e-1", serializer.serialize(source, Txns.v1("e-1", 1.0, "US", now)))));
        List<GenericRecord> first = new ArrayList<>();
        consume(source + ".valid", new GenericAvroDeserializer(producerRegistry), 1, r -> first.add(r.value()));

        // when the producer moves to V2 while the stage runs
        byte[] v2 = serializer.serialize(source, Txns.v2("e-2", 2.0, "DE", now, "app"));
        produce(List.of(record(source, "e-2", v2)));

        // then
        List<GenericRecord> out = new ArrayList<>();
        consume(source + ".valid", new GenericAvroDeserializer(producerRegistry), 2, r -> out.add(r.value()));
        assertThat(ByteBuffer.wrap(v2, 1, 4).getInt()).isEqualTo(producerRegistry.getId(source + "-value", Txns.V2));
        assertThat(out).extracting(r -> r.get("id").toString()).containsExactlyInAnyOrder("e-1", "e-2");
        assertThat(out).allSatisfy(r -> assertThat(r.getSchema()).isEqualTo(Txns.V1));
        assertThat(stage.healthSeen).doesNotContain(HealthStatus.DOWN);
        stage.service.close();
    }

    /** At least 50 bad payloads of every kind, keyed {@code bad-<n>}, each with the reason it must get. */
    private static List<ProducerRecord<byte[], byte[]>> badRecords(String source, GenericAvroSerializer serializer,
                                                                   byte[] template, Instant now,
                                                                   Map<String, String> reasons) {
        List<ProducerRecord<byte[], byte[]>> bad = new ArrayList<>();
        Random random = new Random(7);
        Consumer<Object[]> add = pair -> {
            String key = "bad-" + bad.size();
            bad.add(record(source, key, (byte[]) pair[0]));
            reasons.put(key, (String) pair[1]);
        };
        for (int i = 0; i < 8; i++) {
            byte[] noise = new byte[1 + random.nextInt(64)];
            random.nextBytes(noise);
            noise[0] = (byte) (1 + random.nextInt(255));
            add.accept(new Object[] {noise, ReasonCodes.WRONG_MAGIC_BYTE});
            byte[] magic = template.clone();
            magic[0] = (byte) (1 + i);
            add.accept(new Object[] {magic, ReasonCodes.WRONG_MAGIC_BYTE});
            byte[] unknown = template.clone();
            ByteBuffer.wrap(unknown).putInt(1, 900_000 + i);
            add.accept(new Object[] {unknown, ReasonCodes.UNKNOWN_SCHEMA_ID});
            add.accept(new Object[] {Arrays.copyOf(template, 5 + i), ReasonCodes.TRUNCATED});
        }
        for (int i = 0; i < 3; i++) {
            add.accept(new Object[] {Arrays.copyOf(template, template.length + 1 + i), ReasonCodes.CORRUPT_BODY});
            add.accept(new Object[] {serializer.serialize(source + "-other", Txns.incompatible("e-1", now)),
                    ReasonCodes.INCOMPATIBLE_SCHEMA});
            add.accept(new Object[] {null, ReasonCodes.NULL_VALUE});
            add.accept(new Object[] {serializer.serialize(source, Txns.v1("e-1", 10, null, now)),
                    ReasonCodes.CONTRACT_REQUIRED});
            add.accept(new Object[] {serializer.serialize(source, Txns.v1("e-1", -1 - i, "US", now)),
                    ReasonCodes.CONTRACT_RANGE});
            add.accept(new Object[] {serializer.serialize(source, Txns.v1("e-1", 10, "FR", now)),
                    ReasonCodes.CONTRACT_ALLOWED});
            add.accept(new Object[] {serializer.serialize(source, Txns.v1("x-" + i, 10, "US", now)),
                    ReasonCodes.CONTRACT_PATTERN});
            add.accept(new Object[] {serializer.serialize(source, Txns.v1("e-1234567890" + i, 10, "US", now)),
                    ReasonCodes.CONTRACT_LENGTH});
            add.accept(new Object[] {serializer.serialize(source, Txns.v1("e-1", 10, "US", now.plus(Duration.ofHours(1)))),
                    ReasonCodes.EVENT_TIME_FUTURE});
            add.accept(new Object[] {serializer.serialize(source, Txns.v1("e-1", 10, "US", now.minus(Duration.ofDays(2)))),
                    ReasonCodes.EVENT_TIME_TOO_OLD});
        }
        assertThat(bad).hasSizeGreaterThanOrEqualTo(50);
        return bad;
    }

    /** The stage of one source, its meters and every health status it went through. */
    private record Running(IngestionService service, SimpleMeterRegistry meters, List<HealthStatus> healthSeen) {
    }

    private Running start(String sourceName) throws Exception {
        Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("txns-v1.avsc"), Txns.V1.toString(true));
        SourceSpec source = Txns.source(sourceName, Optional.of("schemas/txns-v1.avsc"));
        FlywheelSpec spec = Txns.spec(source);
        FlywheelConfig config = FlywheelConfig.load(Map.of(
                "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", KafkaFixture.bootstrapServers(),
                "FLYWHEEL_REGISTRY_URL", server.endpoint(),
                "FLYWHEEL_STATE_DIR", dir.resolve("state").toString(),
                "FLYWHEEL_TOPIC_PARTITIONS", Integer.toString(PARTITIONS)), Map.of());
        try (Admin admin = Admin.create(ClientConfigs.kafka(config))) {
            admin.createTopics(List.of(new NewTopic(source.topic(), PARTITIONS, (short) 1))).all().get();
            TopicCatalogue topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(producerRegistry, Map.of()));
            new TopicProvisioner(admin).provision(List.of(topics.valid(sourceName), topics.dlq(sourceName)));
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IngestionService service = IngestionService.create(spec, dir, config, meters,
                new HttpSchemaRegistryClient(RegistryClientConfig.of(server.endpoint())), UnaryOperator.identity(),
                Clock.systemUTC());
        List<HealthStatus> seen = new CopyOnWriteArrayList<>();
        Stage stage = service.stages().get(sourceName);
        stage.onHealthChange(health -> seen.add(health.status()));
        service.start();
        await().atMost(TIMEOUT).until(() -> service.health().values().stream().allMatch(Health::isUp));
        return new Running(service, meters, seen);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static void produce(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record);
            }
            producer.flush();
        }
    }

    /**
     * Reads a topic as a read_committed consumer until at least {@code count} records have come and the consumer
     * has reached the end of every partition as it stood then, so records beyond the expected ones are seen too.
     */
    private static <V> void consume(String topic, Deserializer<V> values, int count,
                                    Consumer<ConsumerRecord<byte[], V>> each) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        int[] seen = {0};
        try (KafkaConsumer<byte[], V> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    seen[0]++;
                    each.accept(record);
                });
                return seen[0] >= count;
            });
            Set<TopicPartition> partitions = consumer.assignment();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(each);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
    }
}
