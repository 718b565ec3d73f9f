package dev.flywheel.features.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.schemas.serde.GenericAvroDeserializer;
import dev.flywheel.schemas.serde.GenericAvroSerializer;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.WindowSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A view end to end on the real broker and the real schema registry, through {@link FeatureViewService}:
 * a generated stream (random entities, amounts, merchants, event times with bounded disorder inside the
 * grace) goes into {@code txns.valid}; every row of {@code features.card_spend} must equal what a brute
 * force over the events computes independently.
 */
class FeatureViewServiceIT {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    // Event times in the recent past: brokers refuse record timestamps too far in the future.
    private static final long START = System.currentTimeMillis() - Duration.ofHours(6).toMillis();
    private static final int EVENTS = 400;

    @TempDir
    Path stateDir;

    @Test
    void shouldEmitExactlyTheBruteForceAggregatesForAGeneratedStream() throws Exception {
        String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        SchemaRegistryServer server = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-" + prefix).port(0).build();
        server.start();
        try (HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.endpoint())
                .withLatestCacheTtl(Duration.ZERO))) {
            FlywheelConfig config = FlywheelConfig.load(Map.of(
                    "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", KafkaFixture.bootstrapServers(),
                    "FLYWHEEL_REGISTRY_URL", server.endpoint(),
                    "FLYWHEEL_STATE_DIR", stateDir.toString(),
                    "FLYWHEEL_TOPIC_PREFIX", prefix,
                    "FLYWHEEL_TOPIC_PARTITIONS", "1"), Map.of());
            FlywheelSpec spec = new FlywheelSpec("it", List.of(ViewFixture.source(Optional.of("ts"))), List.of(view()),
                    List.of(), List.of(), List.of());
            TopicCatalogue topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(registry, Map.of()));
            try (Admin admin = Admin.create(ClientConfigs.kafka(config))) {
                new TopicProvisioner(admin).provision(topics.provisioned());
            }
            List<GenericRecord> events = generate();
            produce(config, server.endpoint(), topics.valid(ViewFixture.SOURCE).name(), events);

            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (FeatureViewService service = FeatureViewService.create(spec, config, meters)) {
                service.start();
                List<ConsumerRecord<String, GenericRecord>> rows = consume(config, server.endpoint(),
                        topics.features(ViewFixture.VIEW).name(), EVENTS);

                assertThat(rows).hasSize(EVENTS);
                List<Map<String, Object>> expected = bruteForce(events);
                for (int i = 0; i < EVENTS; i++) {
                    GenericRecord row = rows.get(i).value();
                    assertThat(rows.get(i).key()).as("row %d", i).isEqualTo(expected.get(i).get("card_id"));
                    for (Map.Entry<String, Object> field : expected.get(i).entrySet()) {
                        Object actual = row.get(field.getKey());
                        assertThat(actual == null ? null : actual instanceof CharSequence ? actual.toString() : actual)
                                .as("row %d field %s", i, field.getKey()).isEqualTo(field.getValue());
                    }
                }
                assertThat(service.health().isUp()).isTrue();
                assertThat(meters.get(FeatureViewMetrics.ROWS_OUT).counter().count()).isEqualTo(EVENTS);
                assertThat(registry.getLatest(topics.features(ViewFixture.VIEW).name() + "-value").avroSchema()
                        .getField("amount_avg_2h")).isNotNull();
            }
        } finally {
            server.stop();
        }
    }

    private static FeatureViewSpec view() {
        return new FeatureViewSpec(ViewFixture.VIEW, ViewFixture.SOURCE, List.of("card_id"), Optional.empty(),
                Duration.ofMinutes(30), List.of(
                feature("n_1h", Aggregation.COUNT, null, ViewFixture.sliding(Duration.ofHours(1))),
                feature("amount_sum_1h", Aggregation.SUM, "amount", ViewFixture.tumbling(Duration.ofHours(1))),
                feature("amount_avg_2h", Aggregation.AVG, "amount",
                        ViewFixture.hopping(Duration.ofHours(2), Duration.ofMinutes(30))),
                feature("merchants_1h", Aggregation.DISTINCT_COUNT, "merchant", ViewFixture.sliding(Duration.ofHours(1))),
                feature("amount_max", Aggregation.MAX, "amount", null),
                feature("last_country", Aggregation.LAST, "country", null)));
    }

    private static FeatureSpec feature(String name, Aggregation agg, String field, WindowSpec window) {
        return ViewFixture.feature(name, agg, field, window);
    }

    /** Events 0..n with a clock that advances 0-60 s per event, each shifted back by up to 20 min. */
    private static List<GenericRecord> generate() {
        Random random = new Random(42);
        List<GenericRecord> events = new ArrayList<>();
        long clock = START;
        for (int i = 0; i < EVENTS; i++) {
            clock += random.nextInt(60_000);
            long ts = clock - (random.nextInt(4) == 0 ? random.nextInt(20 * 60_000) : 0);
            String card = "c" + random.nextInt(8);
            String country = random.nextInt(5) == 0 ? null : List.of("DE", "FR", "GB").get(random.nextInt(3));
            events.add(ViewFixture.txn(card, country, (double) random.nextInt(1000), 1, (long) random.nextInt(6), ts));
        }
        return events;
    }

    /** Each row recomputed from scratch from the events so far of its entity, as of its latest event time. */
    private static List<Map<String, Object>> bruteForce(List<GenericRecord> events) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String card = events.get(i).get("card_id").toString();
            List<GenericRecord> seen = events.subList(0, i + 1).stream()
                    .filter(e -> e.get("card_id").toString().equals(card)).toList();
            long asOf = seen.stream().mapToLong(FeatureViewServiceIT::ts).max().orElseThrow();
            long hourStart = Math.floorDiv(asOf, HOUR) * HOUR;
            long hop = 30 * 60_000L;
            long hopEnd = Math.floorDiv(asOf, hop) * hop + hop;
            List<GenericRecord> sliding = seen.stream().filter(e -> ts(e) > asOf - HOUR && ts(e) <= asOf).toList();
            List<GenericRecord> tumbling = seen.stream().filter(e -> ts(e) >= hourStart && ts(e) < hourStart + HOUR)
                    .toList();
            List<GenericRecord> hopping = seen.stream().filter(e -> ts(e) >= hopEnd - 2 * HOUR && ts(e) < hopEnd).toList();
            Map<String, Object> row = new HashMap<>();
            row.put("card_id", card);
            row.put("event_timestamp", asOf);
            row.put("n_1h", (long) sliding.size());
            row.put("amount_sum_1h", tumbling.stream().mapToDouble(FeatureViewServiceIT::amount).sum());
            row.put("amount_avg_2h", hopping.stream().mapToDouble(FeatureViewServiceIT::amount).average().orElseThrow());
            row.put("merchants_1h", (long) new HashSet<>(sliding.stream().map(e -> e.get("merchant")).toList()).size());
            row.put("amount_max", seen.stream().mapToDouble(FeatureViewServiceIT::amount).max().orElseThrow());
            GenericRecord latestWithCountry = null;
            for (GenericRecord e : seen) {
                if (e.get("country") != null && (latestWithCountry == null || ts(e) >= ts(latestWithCountry))) {
                    latestWithCountry = e;
                }
            }
            row.put("last_country", latestWithCountry == null ? null : latestWithCountry.get("country").toString());
            rows.add(row);
        }
        return rows;
    }

    private static long ts(GenericRecord event) {
        return (Long) event.get("ts");
    }

    private static double amount(GenericRecord event) {
        return (Double) event.get("amount");
    }

    private static void produce(FlywheelConfig config, String registryUrl, String topic, List<GenericRecord> events)
            throws Exception {
        Properties props = ClientConfigs.kafka(config);
        props.put(ClientConfigs.SCHEMA_REGISTRY_URL, registryUrl);
        try (KafkaProducer<byte[], GenericRecord> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                serializer(registryUrl))) {
            for (GenericRecord event : events) {
                producer.send(new ProducerRecord<>(topic, event.get("card_id").toString()
                        .getBytes(StandardCharsets.UTF_8), event));
            }
            producer.flush();
        }
    }

    private static GenericAvroSerializer serializer(String registryUrl) {
        GenericAvroSerializer serializer = new GenericAvroSerializer();
        serializer.configure(Map.of(ClientConfigs.SCHEMA_REGISTRY_URL, registryUrl), false);
        return serializer;
    }

    private static List<ConsumerRecord<String, GenericRecord>> consume(FlywheelConfig config, String registryUrl,
                                                                       String topic, int count) {
        Properties props = ClientConfigs.kafka(config);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        GenericAvroDeserializer deserializer = new GenericAvroDeserializer();
        deserializer.configure(Map.of(ClientConfigs.SCHEMA_REGISTRY_URL, registryUrl), false);
        List<ConsumerRecord<String, GenericRecord>> records = new ArrayList<>();
        try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                deserializer)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }
}
