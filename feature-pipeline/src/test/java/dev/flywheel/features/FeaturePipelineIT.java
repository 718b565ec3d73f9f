package dev.flywheel.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feast.FeastClient;
import dev.feast.Row;
import dev.flywheel.features.serving.ServingConfig;
import dev.flywheel.platform.redis.EmbeddedRedis;
import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.schemas.serde.GenericAvroSerializer;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.Health;
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
import feast.proto.serving.ServingAPIProto.FieldStatus;
import feast.proto.types.ValueProto.Value;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole feature pipeline on the real broker, schema registry and Redis, read back with Feast's own Java client:
 * Avro records on {@code txns.valid} (3 partitions, keyed by card as the ingestion stage writes them) feed a view
 * keyed by the source key ({@code card_spend}) and one keyed by another field ({@code merchant_activity},
 * repartitioned); the served values must equal aggregates the test computes from the events itself.
 */
class FeaturePipelineIT {

    private static final Schema TXN = SchemaBuilder.record("Txn").namespace("dev.flywheel.it").fields()
            .requiredString("card_id")
            .requiredLong("merchant")
            .requiredDouble("amount")
            .requiredString("country")
            .name("ts").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .endRecord();
    private static final int EVENTS = 300;
    private static final long HOUR = Duration.ofHours(1).toMillis();

    @TempDir
    Path stateDir;

    @Test
    void shouldServeExactAggregatesOfBothViewsThroughFeastsClientAndHttp() throws Exception {
        String prefix = "fp-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        SchemaRegistryServer registryServer = SchemaRegistryServer.builder()
                .bootstrapServers(KafkaFixture.bootstrapServers()).topic("_schemas-" + prefix).port(0).build();
        registryServer.start();
        EmbeddedRedis redis = EmbeddedRedis.builder().port(0).build();
        redis.start();
        try (HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(RegistryClientConfig.of(registryServer.endpoint()))) {
            FlywheelConfig config = FlywheelConfig.load(Map.of(
                    "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", KafkaFixture.bootstrapServers(),
                    "FLYWHEEL_REGISTRY_URL", registryServer.endpoint(),
                    "FLYWHEEL_REDIS_URL", "redis://" + redis.host() + ":" + redis.port(),
                    "FLYWHEEL_STATE_DIR", stateDir.toString(),
                    "FLYWHEEL_TOPIC_PREFIX", prefix,
                    "FLYWHEEL_TOPIC_PARTITIONS", "3"), Map.of());
            FlywheelSpec spec = spec();
            TopicCatalogue topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(registry, Map.of()));
            try (Admin admin = Admin.create(ClientConfigs.kafka(config))) {
                new TopicProvisioner(admin).provision(topics.provisioned());
            }
            HttpClient http = HttpClient.newHttpClient();

            try (FeaturePipelineService pipeline = FeaturePipelineService.create(spec, config, new SimpleMeterRegistry(),
                    ServingConfig.defaults().withHost("127.0.0.1").withPort(0), Clock.systemUTC())) {
                pipeline.start();
                Javalin api = Javalin.create(cfg -> {
                    cfg.startup.showJavalinBanner = false;
                    pipeline.addRoutes(cfg.routes);
                }).start("127.0.0.1", 0);
                FeastClient feast = FeastClient.create("127.0.0.1", pipeline.grpcPort());
                try {
                    String base = "http://127.0.0.1:" + api.port() + "/features/";

                    // given no source schema yet: the views wait, and serving says the view is not ready
                    HttpResponse<String> early = get(http, base + "card_spend/c0");
                    assertThat(early.statusCode()).isEqualTo(503);
                    assertThat(early.body()).contains("not registered yet");

                    // when the ingestion stage's output arrives
                    List<GenericRecord> events = generate();
                    produce(config, registryServer.endpoint(), topics.valid("txns").name(), events);

                    // then: every card and every merchant is served with exactly the independently computed values
                    Map<String, Map<String, Object>> cards = expectedByCard(events);
                    Map<Long, Map<String, Object>> merchants = expectedByMerchant(events);
                    await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                        assertServed(feast, "card_spend", "card_id", new ArrayList<>(cards.keySet()), cards);
                        assertServed(feast, "merchant_activity", "merchant", new ArrayList<>(merchants.keySet()), merchants);
                    });

                    // a missing entity is NOT_FOUND with an empty value
                    Row missing = feast.getOnlineFeatures(List.of("card_spend:n", "card_spend:amount_sum"),
                            List.of(Row.create().set("card_id", "nobody")), "it").get(0);
                    assertThat(missing.getStatuses().get("card_spend:n")).isEqualTo(FieldStatus.NOT_FOUND);
                    assertThat(missing.getFields().get("card_spend:n")).isEqualTo(Value.getDefaultInstance());

                    // and the HTTP route answers the same
                    JsonNode card = new ObjectMapper().readTree(get(http, base + "card_spend/c0").body());
                    assertThat(card.get("entity").get("card_id").asText()).isEqualTo("c0");
                    assertThat(card.get("features").get("n").get("value").asLong()).isEqualTo(cards.get("c0").get("n"));
                    assertThat(card.get("features").get("n").get("status").asText()).isEqualTo("PRESENT");
                    assertThat(card.get("features").get("amount_sum").get("value").asDouble())
                            .isEqualTo(cards.get("c0").get("amount_sum"));
                    assertThat(card.get("features").get("last_country").get("event_timestamp").asText())
                            .isEqualTo(card.get("event_timestamp").asText()).isNotEmpty();
                    long merchant = merchants.keySet().iterator().next();
                    JsonNode byMerchant = new ObjectMapper().readTree(get(http, base + "merchant_activity/" + merchant).body());
                    assertThat(byMerchant.get("features").get("n").get("value").asLong())
                            .isEqualTo(merchants.get(merchant).get("n"));
                    JsonNode nobody = new ObjectMapper().readTree(get(http, base + "card_spend/nobody").body());
                    assertThat(nobody.get("features").get("n").get("status").asText()).isEqualTo("NOT_FOUND");
                    assertThat(get(http, base + "no_such_view/c0").statusCode()).isEqualTo(404);
                    assertThat(get(http, base + "merchant_activity/not-a-number").statusCode()).isEqualTo(400);
                    assertThat(pipeline.health().values()).allMatch(Health::isUp);
                    assertThat(pipeline.health()).containsKeys("features-card_spend", "online-merchant_activity",
                            FeaturePipelineService.GRPC);
                } finally {
                    feast.close();
                    api.stop();
                }
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
        FeatureViewSpec cardSpend = new FeatureViewSpec("card_spend", "txns", List.of("card_id"), Optional.empty(),
                Duration.ofMinutes(30), List.of(
                feature("n", Aggregation.COUNT, null, null),
                feature("amount_sum", Aggregation.SUM, "amount", null),
                feature("n_1h", Aggregation.COUNT, null, sliding1h),
                feature("last_country", Aggregation.LAST, "country", null)));
        // Behind the repartition, stream time mixes the source partitions, which the tasks read at their own pace from
        // a backlog: the grace covers the whole stream so no record of a lagging partition is LATE (see DESIGN.md).
        FeatureViewSpec merchantActivity = new FeatureViewSpec("merchant_activity", "txns", List.of("merchant"),
                Optional.empty(), Duration.ofHours(6), List.of(
                feature("n", Aggregation.COUNT, null, null),
                feature("cards", Aggregation.DISTINCT_COUNT, "card_id", null),
                feature("amount_max", Aggregation.MAX, "amount", null)));
        return new FlywheelSpec("it", List.of(source), List.of(cardSpend, merchantActivity), List.of(), List.of(), List.of());
    }

    private static FeatureSpec feature(String name, Aggregation agg, String field, WindowSpec window) {
        return new FeatureSpec(name, agg, Optional.ofNullable(field), Optional.ofNullable(window));
    }

    /** Events in the recent past, each 0-60 s after the previous one, over 12 cards and 5 merchants. */
    private static List<GenericRecord> generate() {
        Random random = new Random(7);
        long clock = System.currentTimeMillis() - Duration.ofHours(5).toMillis();
        List<GenericRecord> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            clock += random.nextInt(60_000);
            GenericRecord txn = new GenericData.Record(TXN);
            txn.put("card_id", "c" + random.nextInt(12));
            txn.put("merchant", 100L + random.nextInt(5));
            txn.put("amount", (double) random.nextInt(10_000) / 4);
            txn.put("country", List.of("DE", "FR", "GB").get(random.nextInt(3)));
            txn.put("ts", clock);
            events.add(txn);
        }
        return events;
    }

    private static Map<String, Map<String, Object>> expectedByCard(List<GenericRecord> events) {
        Map<String, Map<String, Object>> expected = new TreeMap<>();
        for (String card : events.stream().map(e -> e.get("card_id").toString()).distinct().toList()) {
            List<GenericRecord> mine = events.stream().filter(e -> e.get("card_id").toString().equals(card)).toList();
            long latest = mine.stream().mapToLong(e -> (Long) e.get("ts")).max().orElseThrow();
            Map<String, Object> row = new TreeMap<>();
            row.put("n", (long) mine.size());
            row.put("amount_sum", mine.stream().mapToDouble(e -> (Double) e.get("amount")).sum());
            row.put("n_1h", mine.stream().filter(e -> (Long) e.get("ts") > latest - HOUR).count());
            row.put("last_country", mine.get(mine.size() - 1).get("country").toString());
            expected.put(card, row);
        }
        return expected;
    }

    private static Map<Long, Map<String, Object>> expectedByMerchant(List<GenericRecord> events) {
        Map<Long, Map<String, Object>> expected = new TreeMap<>();
        for (long merchant : events.stream().map(e -> (Long) e.get("merchant")).distinct().toList()) {
            List<GenericRecord> mine = events.stream().filter(e -> e.get("merchant").equals(merchant)).toList();
            Map<String, Object> row = new TreeMap<>();
            row.put("n", (long) mine.size());
            row.put("cards", (long) new TreeSet<>(mine.stream().map(e -> e.get("card_id").toString()).toList()).size());
            row.put("amount_max", mine.stream().mapToDouble(e -> (Double) e.get("amount")).max().orElseThrow());
            expected.put(merchant, row);
        }
        return expected;
    }

    private static <K> void assertServed(FeastClient feast, String view, String entity, List<K> keys,
                                         Map<K, Map<String, Object>> expected) {
        List<String> features = expected.values().iterator().next().keySet().stream().map(f -> view + ":" + f).toList();
        List<Row> rows = keys.stream().map(key -> key instanceof Long number ? Row.create().set(entity, number)
                : Row.create().set(entity, key.toString())).toList();
        List<Row> answer = feast.getOnlineFeatures(features, rows, "it");
        for (int i = 0; i < keys.size(); i++) {
            for (Map.Entry<String, Object> feature : expected.get(keys.get(i)).entrySet()) {
                String ref = view + ":" + feature.getKey();
                assertThat(answer.get(i).getStatuses().get(ref)).as("%s of %s", ref, keys.get(i))
                        .isEqualTo(FieldStatus.PRESENT);
                assertThat(plain(answer.get(i).getFields().get(ref))).as("%s of %s", ref, keys.get(i))
                        .isEqualTo(feature.getValue());
            }
        }
    }

    private static Object plain(Value value) {
        return switch (value.getValCase()) {
            case INT64_VAL -> value.getInt64Val();
            case DOUBLE_VAL -> value.getDoubleVal();
            case STRING_VAL -> value.getStringVal();
            default -> value.toString();
        };
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void produce(FlywheelConfig config, String registryUrl, String topic, List<GenericRecord> events)
            throws Exception {
        Properties props = ClientConfigs.kafka(config);
        GenericAvroSerializer serializer = new GenericAvroSerializer();
        serializer.configure(Map.of(ClientConfigs.SCHEMA_REGISTRY_URL, registryUrl), false);
        try (KafkaProducer<byte[], GenericRecord> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                serializer)) {
            for (GenericRecord event : events) {
                producer.send(new ProducerRecord<>(topic, null, (Long) event.get("ts"),
                        event.get("card_id").toString().getBytes(StandardCharsets.UTF_8), event));
            }
            producer.flush();
        }
    }
}
