package dev.flywheel.features.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flywheel.features.FeaturePipelineService;
import dev.flywheel.features.serving.EntityFeatures;
import dev.flywheel.features.serving.ServingConfig;
import dev.flywheel.platform.redis.EmbeddedRedis;
import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.schemas.serde.GenericAvroDeserializer;
import dev.flywheel.schemas.serde.GenericAvroSerializer;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
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
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
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
 * Replays on the real broker, registry and Redis, next to the running pipeline: a replay of a view keyed by the
 * source key from a time in the middle of the stream writes exactly the live rows from that time on (same values and
 * event times, later {@code created}); a replay of a repartitioned view from the earliest offset ends on the same
 * current row per entity; the online tier serves the same values afterwards; and each replay leaves no internal
 * topic or consumer group behind.
 */
class FeatureViewReplayIT {

    private static final Schema TXN = SchemaBuilder.record("Txn").namespace("dev.flywheel.it").fields()
            .requiredString("card_id")
            .requiredLong("merchant")
            .requiredDouble("amount")
            .name("ts").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .endRecord();
    private static final int EVENTS = 300;
    private static final long START = System.currentTimeMillis() - Duration.ofHours(6).toMillis();

    @TempDir
    Path stateDir;

    @Test
    void shouldRewriteTheLiveRowsFromTheReplayTimeAndLeaveTheOnlineTierAndNothingElseBehind() throws Exception {
        String prefix = "rp-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        SchemaRegistryServer registryServer = SchemaRegistryServer.builder()
                .bootstrapServers(KafkaFixture.bootstrapServers()).topic("_schemas-" + prefix).port(0).build();
        registryServer.start();
        EmbeddedRedis redis = EmbeddedRedis.builder().port(0).build();
        redis.start();
        try (HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(
                RegistryClientConfig.of(registryServer.endpoint()));
             Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
            FlywheelConfig config = FlywheelConfig.load(Map.of(
                    "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", KafkaFixture.bootstrapServers(),
                    "FLYWHEEL_REGISTRY_URL", registryServer.endpoint(),
                    "FLYWHEEL_REDIS_URL", "redis://" + redis.host() + ":" + redis.port(),
                    "FLYWHEEL_STATE_DIR", stateDir.toString(),
                    "FLYWHEEL_TOPIC_PREFIX", prefix,
                    "FLYWHEEL_TOPIC_PARTITIONS", "2"), Map.of());
            FlywheelSpec spec = spec();
            TopicCatalogue topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(registry, Map.of()));
            new TopicProvisioner(admin).provision(topics.provisioned());
            String cardsTopic = topics.features("card_spend").name();
            String merchantsTopic = topics.features("merchant_activity").name();

            List<GenericRecord> events = generate();
            produce(registryServer.endpoint(), topics.valid("txns").name(), events);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (FeaturePipelineService pipeline = FeaturePipelineService.create(spec, config, meters,
                    ServingConfig.defaults().withHost("127.0.0.1").withPort(0), Clock.systemUTC())) {
                pipeline.start();
                // given the live rows of both views, and what the online tier serves from them
                List<ConsumerRecord<String, GenericRecord>> liveCards = consume(registryServer.endpoint(), cardsTopic,
                        EVENTS);
                List<ConsumerRecord<String, GenericRecord>> liveMerchants = consume(registryServer.endpoint(),
                        merchantsTopic, EVENTS);
                awaitOnline(meters, "card_spend", EVENTS);
                awaitOnline(meters, "merchant_activity", EVENTS);
                Map<String, EntityFeatures> servedBefore = served(pipeline, events);

                // when card_spend is replayed from the event time of the middle event
                long from = events.stream().mapToLong(e -> (Long) e.get("ts")).sorted().skip(EVENTS / 2).findFirst()
                        .orElseThrow();
                ReplayResult cards;
                ReplayResult merchants;
                try (FeatureViewReplay replay = FeatureViewReplay.create(spec, config, Clock.systemUTC())) {
                    ReplayPlan plan = replay.plan("card_spend", new ReplayStart.AtTime(Instant.ofEpochMilli(from)));
                    cards = replay.run("card_spend", plan, Duration.ofMinutes(2));
                    // and merchant_activity (repartitioned, all-time features) from the earliest offset
                    merchants = replay.run("merchant_activity",
                            replay.plan("merchant_activity", ReplayStart.parseOffsets("earliest").orElseThrow()),
                            Duration.ofMinutes(2));
                }

                // then card_spend's replay wrote exactly the live rows as of `from` and later, per card in order
                List<ConsumerRecord<String, GenericRecord>> expectedCards = liveCards.stream()
                        .filter(r -> (Long) r.value().get("event_timestamp") >= from).toList();
                assertThat(cards.rowsWritten()).isEqualTo(expectedCards.size());
                assertThat(cards.rowsHeldBack()).isPositive();
                assertThat(cards.eventsRead()).isEqualTo(cards.rowsWritten() + cards.rowsHeldBack());
                assertThat(cards.refused()).isZero();
                assertThat(cards.plan().lookback()).contains(Duration.ofMinutes(90));
                // the warm-up starts within the stream, not at its beginning
                assertThat(cards.plan().start().values()).allMatch(offset -> offset > 0);
                List<ConsumerRecord<String, GenericRecord>> allCards = consume(registryServer.endpoint(), cardsTopic,
                        EVENTS + expectedCards.size());
                List<ConsumerRecord<String, GenericRecord>> replayedCards = allCards.stream()
                        .filter(r -> liveCards.stream().noneMatch(l -> sameRecord(l, r))).toList();
                assertThat(byKey(replayedCards)).isEqualTo(byKey(expectedCards));
                Map<String, Long> lastLiveCreated = lastCreated(liveCards);
                assertThat(replayedCards).allMatch(r -> (Long) r.value().get("created")
                        > lastLiveCreated.get(r.key()));

                // and merchant_activity's replay ends on the live current row of every merchant
                assertThat(merchants.rowsWritten()).isEqualTo(EVENTS);
                assertThat(merchants.rowsHeldBack()).isZero();
                List<ConsumerRecord<String, GenericRecord>> allMerchants = consume(registryServer.endpoint(),
                        merchantsTopic, 2 * EVENTS);
                assertThat(lastByKey(allMerchants.stream().filter(r -> liveMerchants.stream()
                        .noneMatch(l -> sameRecord(l, r))).toList())).isEqualTo(lastByKey(liveMerchants));

                // and the online tier, having read every replayed row, serves what it served before
                awaitOnline(meters, "card_spend", EVENTS + expectedCards.size());
                awaitOnline(meters, "merchant_activity", 2 * EVENTS);
                assertThat(served(pipeline, events)).isEqualTo(servedBefore);

                // and neither replay left an internal topic or a consumer group
                for (ReplayResult result : List.of(cards, merchants)) {
                    assertThat(result.applicationId()).startsWith(prefix + "flywheel-features-" + result.view()
                            + "-replay-");
                    assertThat(result.leftBehind()).isEmpty();
                    assertThat(result.deletedTopics()).isNotEmpty().allMatch(t -> t.startsWith(result.applicationId()));
                    assertThat(result.committed()).allSatisfy((partition, offset) ->
                            assertThat(offset).isGreaterThanOrEqualTo(result.plan().end().get(partition)));
                }
                assertThat(merchants.deletedTopics()).contains(merchants.applicationId() + "-by-entity-repartition");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(admin.listTopics().names().get()).noneMatch(t -> t.startsWith(cards.applicationId())
                            || t.startsWith(merchants.applicationId()));
                    assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId)
                            .doesNotContain(cards.applicationId(), merchants.applicationId());
                });
            }
        } finally {
            redis.stop();
            registryServer.stop();
        }
    }

    private static FlywheelSpec spec() {
        SourceSpec source = new SourceSpec("txns", "txns", "card_id", Optional.of("ts"), Optional.empty(), List.of(),
                new TimeBounds(TimeBounds.DEFAULT_MAX_FUTURE_SKEW, Optional.empty()), Optional.<DedupeSpec>empty());
        WindowSpec sliding1h = new WindowSpec(WindowKind.SLIDING, Duration.ofHours(1), Duration.ofHours(1));
        WindowSpec tumbling1h = new WindowSpec(WindowKind.TUMBLING, Duration.ofHours(1), Duration.ofHours(1));
        FeatureViewSpec cardSpend = new FeatureViewSpec("card_spend", "txns", List.of("card_id"), Optional.empty(),
                Duration.ofMinutes(30), List.of(
                feature("n_1h", Aggregation.COUNT, null, sliding1h),
                feature("amount_sum_1h", Aggregation.SUM, "amount", tumbling1h),
                feature("merchants_1h", Aggregation.DISTINCT_COUNT, "merchant", sliding1h),
                feature("last_merchant", Aggregation.PASSTHROUGH, "merchant", null)));
        // Repartitioned: the grace covers the whole stream so no record of a lagging partition is LATE (DESIGN.md).
        FeatureViewSpec merchantActivity = new FeatureViewSpec("merchant_activity", "txns", List.of("merchant"),
                Optional.empty(), Duration.ofHours(6), List.of(
                feature("n", Aggregation.COUNT, null, null),
                feature("cards", Aggregation.DISTINCT_COUNT, "card_id", null),
                feature("amount_max", Aggregation.MAX, "amount", null)));
        return new FlywheelSpec("it", List.of(source), List.of(cardSpend, merchantActivity), List.of(), List.of(),
                List.of());
    }

    private static FeatureSpec feature(String name, Aggregation agg, String field, WindowSpec window) {
        return new FeatureSpec(name, agg, Optional.ofNullable(field), Optional.ofNullable(window));
    }

    /** Events over ~5 hours, 0-120 s apart, one in four up to 20 minutes behind (within card_spend's 30 min grace). */
    private static List<GenericRecord> generate() {
        Random random = new Random(11);
        List<GenericRecord> events = new ArrayList<>();
        long clock = START;
        for (int i = 0; i < EVENTS; i++) {
            clock += random.nextInt(120_000);
            GenericRecord txn = new GenericData.Record(TXN);
            txn.put("card_id", "c" + random.nextInt(10));
            txn.put("merchant", 100L + random.nextInt(4));
            txn.put("amount", (double) random.nextInt(10_000) / 4);
            txn.put("ts", clock - (random.nextInt(4) == 0 ? random.nextInt(20 * 60_000) : 0));
            events.add(txn);
        }
        return events;
    }

    private static Map<String, EntityFeatures> served(FeaturePipelineService pipeline, List<GenericRecord> events) {
        Map<String, EntityFeatures> served = new TreeMap<>();
        for (GenericRecord event : events) {
            String card = event.get("card_id").toString();
            String merchant = event.get("merchant").toString();
            served.computeIfAbsent("card_spend/" + card, k -> pipeline.onlineFeatures().get("card_spend", card));
            served.computeIfAbsent("merchant_activity/" + merchant,
                    k -> pipeline.onlineFeatures().get("merchant_activity", merchant));
        }
        assertThat(served.values()).allMatch(f -> f.features().values().stream()
                .allMatch(v -> v.status().equals("PRESENT")));
        return served;
    }

    /** Waits until a view's online sink has handled {@code rows} rows (written, or skipped as older). */
    private static void awaitOnline(SimpleMeterRegistry meters, String view, int rows) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() ->
                Stream.of("flywheel.online.rows.written", "flywheel.online.rows.skipped")
                        .flatMap(name -> meters.find(name).tag("view", view).counters().stream())
                        .mapToDouble(Counter::count).sum() >= rows);
    }

    private static boolean sameRecord(ConsumerRecord<?, ?> a, ConsumerRecord<?, ?> b) {
        return a.partition() == b.partition() && a.offset() == b.offset();
    }

    /** Each key's rows in order, without {@code created}. */
    private static Map<String, List<Map<String, Object>>> byKey(List<ConsumerRecord<String, GenericRecord>> rows) {
        return rows.stream().collect(Collectors.groupingBy(ConsumerRecord::key, TreeMap::new,
                Collectors.mapping(r -> withoutCreated(r.value()), Collectors.toList())));
    }

    private static Map<String, Map<String, Object>> lastByKey(List<ConsumerRecord<String, GenericRecord>> rows) {
        Map<String, Map<String, Object>> last = new TreeMap<>();
        rows.forEach(r -> last.put(r.key(), withoutCreated(r.value())));
        return last;
    }

    private static Map<String, Long> lastCreated(List<ConsumerRecord<String, GenericRecord>> rows) {
        Map<String, Long> last = new HashMap<>();
        rows.forEach(r -> last.merge(r.key(), (Long) r.value().get("created"), Math::max));
        return last;
    }

    private static Map<String, Object> withoutCreated(GenericRecord row) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Schema.Field field : row.getSchema().getFields()) {
            if (!field.name().equals("created")) {
                Object value = row.get(field.name());
                fields.put(field.name(), value instanceof CharSequence ? value.toString() : value);
            }
        }
        return fields;
    }

    private static void produce(String registryUrl, String topic, List<GenericRecord> events) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", KafkaFixture.bootstrapServers());
        // Transactions of 40 records, as the ingestion stage writes <source>.valid: the log holds commit markers, and
        // the end offsets a replay captures lie past them.
        props.put("transactional.id", "it-replay-source-" + UUID.randomUUID());
        GenericAvroSerializer serializer = new GenericAvroSerializer();
        serializer.configure(Map.of(ClientConfigs.SCHEMA_REGISTRY_URL, registryUrl), false);
        try (KafkaProducer<byte[], GenericRecord> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                serializer)) {
            producer.initTransactions();
            for (int i = 0; i < events.size(); i++) {
                GenericRecord event = events.get(i);
                if (i % 40 == 0) {
                    producer.beginTransaction();
                }
                // As producers do: the record timestamp is when the event was produced, at or after its event time.
                producer.send(new ProducerRecord<>(topic, null, (Long) event.get("ts") + 60_000,
                        event.get("card_id").toString().getBytes(StandardCharsets.UTF_8), event));
                if (i % 40 == 39 || i == events.size() - 1) {
                    producer.commitTransaction();
                }
            }
        }
    }

    private static List<ConsumerRecord<String, GenericRecord>> consume(String registryUrl, String topic, int count) {
        Properties props = new Properties();
        props.put("bootstrap.servers", KafkaFixture.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        GenericAvroDeserializer deserializer = new GenericAvroDeserializer();
        deserializer.configure(Map.of(ClientConfigs.SCHEMA_REGISTRY_URL, registryUrl), false);
        List<ConsumerRecord<String, GenericRecord>> records = new ArrayList<>();
        try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                deserializer)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofMinutes(3)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
            // Nothing more than expected.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        assertThat(records).hasSize(count);
        return records;
    }
}
