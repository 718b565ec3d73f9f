package dev.flywheel.ingestion.http;

import static dev.flywheel.ingestion.http.IngestFixtures.TXN;
import static dev.flywheel.ingestion.http.IngestFixtures.json;
import static dev.flywheel.ingestion.http.IngestFixtures.post;
import static dev.flywheel.ingestion.http.IngestFixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.ingestion.producer.FlywheelProducer;
import dev.flywheel.ingestion.producer.ProducerSettings;
import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.schemas.registry.RetryPolicy;
import dev.flywheel.schemas.serde.GenericAvroDeserializer;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.config.FlywheelSettings;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP ingest against the shared in-process broker and a real schema registry over HTTP, called with
 * {@link java.net.http.HttpClient}; every accepted record is read back from the topic and decoded through the
 * registry.
 */
class HttpIngestIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOPIC = "http-it-" + RUN;
    private static final String CLICKS_TOPIC = TOPIC + "-clicks";

    @TempDir
    static Path specDir;

    private static SchemaRegistryServer server;
    private static HttpSchemaRegistryClient registry;
    private static HttpIngest ingest;
    private static HttpIngestServer http;

    @BeforeAll
    static void start() throws Exception {
        server = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-http-ingest-" + RUN).port(0).build();
        server.start();
        registry = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.endpoint())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).withLatestCacheTtl(Duration.ZERO));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1), new NewTopic(CLICKS_TOPIC, 1, (short) 1)))
                    .all().get();
        }
        registry.register(TOPIC + "-value", TXN);
        Files.writeString(specDir.resolve("clicks.avsc"), """
                {"type": "record", "name": "Click", "namespace": "dev.flywheel.it", "fields": [
                  {"name": "user_id", "type": "long"}, {"name": "page", "type": "string"}]}""");
        FlywheelConfig config = FlywheelConfig.defaults().with(Map.of(
                FlywheelSettings.BOOTSTRAP_SERVERS, KafkaFixture.bootstrapServers(),
                FlywheelSettings.REGISTRY_URL, server.endpoint()));
        FlywheelSpec spec = spec(TOPIC);
        ingest = HttpIngest.create(spec, IngestFixtures.topics(spec, registry), config, registry,
                HttpIngestSettings.defaults(specDir), new SimpleMeterRegistry());
        http = HttpIngestServer.start(ingest, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        try {
            if (http != null) {
                http.close();
            }
            if (ingest != null) {
                ingest.close();
            }
            if (registry != null) {
                registry.close();
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    private static FlywheelSpec spec(String topic) {
        return SpecLoader.parse("flywheel.yaml", """
                project: it
                sources:
                  - name: transactions
                    topic: %s
                    key: card_id
                    timestamp: ts
                    contract: {amount: {min: 0, max: 100000}}
                  - name: clicks
                    topic: %s-clicks
                    key: user_id
                    reader_schema: clicks.avsc
                """.formatted(topic, topic));
    }

    @Test
    void shouldWriteOneObjectDecodableThroughTheRegistry() throws Exception {
        // when
        HttpResponse<String> response = post(http.port(), "transactions", "application/json", txn("one-1", 12.5));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = json(response).get("records").get(0);
        assertThat(result.get("status").asText()).isEqualTo("ACCEPTED");
        Map<String, ConsumerRecord<String, GenericRecord>> written = awaitKeys(TOPIC, Set.of("one-1"));
        ConsumerRecord<String, GenericRecord> record = written.get("one-1");
        assertThat(record.value().get("amount")).isEqualTo(12.5);
        assertThat(record.partition()).isEqualTo(result.get("partition").asInt());
        assertThat(record.offset()).isEqualTo(result.get("offset").asLong());
    }

    @Test
    void shouldWriteEveryObjectOfAnArray() throws Exception {
        // when
        HttpResponse<String> response = post(http.port(), "transactions", "application/json",
                "[" + txn("arr-1", 1) + "," + txn("arr-2", 2) + "," + txn("arr-3", 3) + "]");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("accepted").asInt()).isEqualTo(3);
        assertThat(awaitKeys(TOPIC, Set.of("arr-1", "arr-2", "arr-3"))).hasSize(3);
    }

    @Test
    void shouldWriteNdjson() throws Exception {
        // when
        HttpResponse<String> response = post(http.port(), "transactions", "application/x-ndjson",
                txn("nd-1", 1) + "\n" + txn("nd-2", 2) + "\n");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(awaitKeys(TOPIC, Set.of("nd-1", "nd-2"))).hasSize(2);
    }

    @Test
    void shouldWriteOnlyTheGoodRecordsOfAMixedBatchAndSayWhyPerRecord() throws Exception {
        // when
        HttpResponse<String> response = post(http.port(), "transactions", "application/json", "[" + txn("mix-1", 1)
                + ", {\"card_id\": \"mix-2\", \"amount\": true, \"ts\": 0}, " + txn("mix-3", -1) + ", "
                + txn("mix-4", 4) + "]");

        // then
        assertThat(response.statusCode()).isEqualTo(207);
        JsonNode answer = json(response);
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("records").get(1).get("reason").asText()).isEqualTo(IngestReasons.SCHEMA_MISMATCH);
        assertThat(answer.get("records").get(2).get("reason").asText()).isEqualTo("CONTRACT_RANGE");
        Map<String, ConsumerRecord<String, GenericRecord>> written = awaitKeys(TOPIC, Set.of("mix-1", "mix-4"));
        assertThat(written).containsOnlyKeys("mix-1", "mix-4");
    }

    @Test
    void shouldRejectWronglyTypedFieldsPerRecord() throws Exception {
        // when
        HttpResponse<String> response = post(http.port(), "transactions", "application/json",
                "{\"card_id\": 7, \"amount\": \"12\", \"ts\": \"noon\"}");

        // then
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode errors = json(response).get("records").get(0).get("errors");
        assertThat(errors).extracting(e -> e.get("field").asText()).containsExactly("card_id", "amount", "ts");
    }

    @Test
    void shouldRefuseOversizedMalformedUnknownAndWronglyTypedRequests() throws Exception {
        String big = "[" + (txn("big", 1) + ",").repeat(20_000) + txn("big", 1) + "]";
        assertThat(post(http.port(), "transactions", "application/json", big).statusCode()).isEqualTo(413);
        assertThat(post(http.port(), "transactions", "application/json", "{\"card_id\"").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = post(http.port(), "nope", "application/json", txn("x", 1));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("message").asText()).contains("transactions, clicks");
        assertThat(post(http.port(), "transactions", "application/xml", "<txn/>").statusCode()).isEqualTo(415);
    }

    @Test
    void shouldRegisterPinnedReaderSchemaAndWriteWithIt() throws Exception {
        // when
        HttpResponse<String> response = post(http.port(), "clicks", "application/json",
                "{\"user_id\": 42, \"page\": \"/home\"}");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        Schema registered = registry.getLatest(CLICKS_TOPIC + "-value").avroSchema();
        assertThat(registered.getFullName()).isEqualTo("dev.flywheel.it.Click");
        assertThat(awaitKeys(CLICKS_TOPIC, Set.of("42")).get("42").value().get("page").toString()).isEqualTo("/home");
    }

    @Test
    void shouldAnswer503WhenTheBrokerIsUnavailable() throws Exception {
        // given: an endpoint whose producer points at a closed port, with short bounds
        FlywheelSpec spec = spec(TOPIC);
        ProducerSettings shortBounds = ProducerSettings.defaults()
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
        try (FlywheelProducer away = FlywheelProducer.create("127.0.0.1:" + closedPort(), registry, shortBounds);
             HttpIngest down = HttpIngest.using(spec, IngestFixtures.topics(spec, registry), away, registry,
                     HttpIngestSettings.defaults(specDir).withAckTimeout(Duration.ofSeconds(5)), new SimpleMeterRegistry());
             HttpIngestServer downHttp = HttpIngestServer.start(down, "127.0.0.1", 0)) {

            // when
            HttpResponse<String> response = post(downHttp.port(), "transactions", "application/json",
                    "[" + txn("down-1", 1) + "," + txn("down-2", 2) + "]");

            // then
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(response).get("failed").asInt()).isEqualTo(2);
            assertThat(json(response).get("accepted").asInt()).isZero();
        }
    }

    @Test
    void shouldAnswer503WhenTheRegistryIsUnavailable() throws Exception {
        // given: an endpoint whose registry client points at a closed port, without retries
        FlywheelSpec spec = spec(TOPIC);
        try (HttpSchemaRegistryClient away = new HttpSchemaRegistryClient(
                RegistryClientConfig.of("http://127.0.0.1:" + closedPort()).withRetry(RetryPolicy.NONE)
                        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)));
             FlywheelProducer producer = FlywheelProducer.create(KafkaFixture.bootstrapServers(), away,
                     HttpIngestSettings.PRODUCER_SETTINGS);
             HttpIngest down = HttpIngest.using(spec, IngestFixtures.topics(spec, away), producer, away,
                     HttpIngestSettings.defaults(specDir), new SimpleMeterRegistry());
             HttpIngestServer downHttp = HttpIngestServer.start(down, "127.0.0.1", 0)) {

            // when
            HttpResponse<String> response = post(downHttp.port(), "transactions", "application/json", txn("reg-1", 1));

            // then
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json(response).get("error").asText()).isEqualTo(IngestReasons.REGISTRY_UNAVAILABLE);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Reads the topic from the start until every key was seen (or 30 s passed); the last record per key. */
    private static Map<String, ConsumerRecord<String, GenericRecord>> awaitKeys(String topic, Set<String> keys) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "http-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, ConsumerRecord<String, GenericRecord>> seen = new HashMap<>();
        try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new GenericAvroDeserializer(registry))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!seen.keySet().containsAll(keys) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, GenericRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(record.key())) {
                        seen.put(record.key(), record);
                    }
                }
            }
        }
        return seen;
    }
}
