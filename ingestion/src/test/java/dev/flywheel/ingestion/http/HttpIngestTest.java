package dev.flywheel.ingestion.http;

import static dev.flywheel.ingestion.http.IngestFixtures.TXN;
import static dev.flywheel.ingestion.http.IngestFixtures.json;
import static dev.flywheel.ingestion.http.IngestFixtures.post;
import static dev.flywheel.ingestion.http.IngestFixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.ingestion.producer.FlywheelProducer;
import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.schemas.serde.GenericAvroDeserializer;
import dev.flywheel.topology.spec.FlywheelSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint on a real Javalin server, producing to a {@link MockProducer} with an in-memory registry. */
class HttpIngestTest {

    private static final String TOPIC = "txns";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MockProducer<byte[], byte[]> mock;
    private FlywheelProducer producer;
    private HttpIngest ingest;
    private HttpIngestServer server;

    @BeforeEach
    void start() {
        registry.register(TOPIC + "-value", TXN);
        startWith(true, HttpIngestSettings.defaults(Path.of(".")).withMaxRequestBytes(4096));
    }

    private void startWith(boolean autoComplete, HttpIngestSettings settings) {
        mock = new MockProducer<>(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
        producer = FlywheelProducer.wrapping(mock, registry, false);
        FlywheelSpec spec = IngestFixtures.spec(TOPIC);
        ingest = HttpIngest.using(spec, IngestFixtures.topics(spec, registry), producer, registry, settings, meters);
        server = HttpIngestServer.start(ingest, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        ingest.close();
        producer.close();
        registry.close();
    }

    @Test
    void shouldAcceptOneObjectAndProduceItKeyedByKeyField() throws Exception {
        // when
        HttpResponse<String> response = post(server.port(), "transactions", "application/json", txn("c-1", 12.5));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(HttpIngest.REQUEST_ID_HEADER)).isPresent();
        JsonNode answer = json(response);
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("topic").asText()).isEqualTo(TOPIC);
        assertThat(answer.get("records").get(0).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(answer.get("records").get(0).has("offset")).isTrue();
        ProducerRecord<byte[], byte[]> written = mock.history().get(0);
        assertThat(new String(written.key(), StandardCharsets.UTF_8)).isEqualTo("c-1");
        GenericRecord value = new GenericAvroDeserializer(registry).deserialize(TOPIC, written.value());
        assertThat(value.get("amount")).isEqualTo(12.5);
        assertThat(meters.counter(IngestMetrics.RECORDS, "source", "transactions", "status", "accepted", "reason", "none")
                .count()).isEqualTo(1.0);
    }

    @Test
    void shouldAnswer207WithReasonPerRecordForMixedArray() throws Exception {
        // given
        String body = "[" + txn("c-1", 1) + ", {\"card_id\": \"c-2\", \"amount\": \"lots\", \"ts\": 0}, "
                + txn("c-3", -5) + ", " + txn("c-4", 2).replace("\"c-4\"", "null") + ", 42]";

        // when
        HttpResponse<String> response = post(server.port(), "transactions", "application/json", body);

        // then
        assertThat(response.statusCode()).isEqualTo(207);
        JsonNode records = json(response).get("records");
        assertThat(records.get(0).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(records.get(1).get("reason").asText()).isEqualTo(IngestReasons.SCHEMA_MISMATCH);
        assertThat(records.get(1).get("errors").get(0).get("field").asText()).isEqualTo("amount");
        assertThat(records.get(1).get("message").asText()).contains("amount: found string \"lots\", expected double");
        assertThat(records.get(2).get("reason").asText()).isEqualTo(ReasonCodes.CONTRACT_RANGE);
        assertThat(records.get(3).get("reason").asText()).isEqualTo(IngestReasons.MISSING_KEY);
        assertThat(records.get(4).get("reason").asText()).isEqualTo(IngestReasons.SCHEMA_MISMATCH);
        assertThat(mock.history()).hasSize(1);
        assertThat(meters.counter(IngestMetrics.RECORDS, "source", "transactions", "status", "rejected", "reason",
                ReasonCodes.CONTRACT_RANGE).count()).isEqualTo(1.0);
    }

    @Test
    void shouldAnswer422WhenEveryRecordIsRejected() throws Exception {
        // when
        HttpResponse<String> response = post(server.port(), "transactions", "application/json",
                "[{\"card_id\": \"c-1\"}, " + txn("c-2", 1).replace("\"ts\": ", "\"ts\": \"yesterday\", \"x\": ") + "]");

        // then
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("rejected").asInt()).isEqualTo(2);
        assertThat(mock.history()).isEmpty();
    }

    @Test
    void shouldReadNdjsonAndRejectOnlyTheBadLine() throws Exception {
        // given
        String body = txn("c-1", 1) + "\n\n{not json\n" + txn("c-2", 2) + "\n";

        // when
        HttpResponse<String> response = post(server.port(), "transactions", "application/x-ndjson", body);

        // then
        assertThat(response.statusCode()).isEqualTo(207);
        JsonNode records = json(response).get("records");
        assertThat(records).hasSize(3);
        assertThat(records.get(1).get("reason").asText()).isEqualTo(IngestReasons.INVALID_JSON);
        assertThat(records.get(1).get("message").asText()).startsWith("line 3 is not valid JSON");
        assertThat(mock.history()).hasSize(2);
    }

    @Test
    void shouldReadConcatenatedObjectsWithoutContentTypeAsNdjson() throws Exception {
        // when
        HttpResponse<String> response = post(server.port(), "transactions", null, txn("c-1", 1) + "\n" + txn("c-2", 2));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("accepted").asInt()).isEqualTo(2);
    }

    @Test
    void shouldAnswer400ForMalformedJson() throws Exception {
        // when
        HttpResponse<String> response = post(server.port(), "transactions", "application/json", "[{\"card_id\": ");

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo(IngestReasons.MALFORMED_BODY);
        assertThat(json(response).get("message").asText()).contains("not valid JSON at line 1");
    }

    @Test
    void shouldAnswer400ForScalarOrEmptyBody() throws Exception {
        assertThat(post(server.port(), "transactions", "application/json", "42").statusCode()).isEqualTo(400);
        assertThat(post(server.port(), "transactions", "application/json", "  ").statusCode()).isEqualTo(400);
        assertThat(post(server.port(), "transactions", "application/x-ndjson", "\n\n").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswer404ListingKnownSources() throws Exception {
        // when
        HttpResponse<String> response = post(server.port(), "payments", "application/json", txn("c-1", 1));

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode answer = json(response);
        assertThat(answer.get("error").asText()).isEqualTo(IngestReasons.UNKNOWN_SOURCE);
        assertThat(answer.get("message").asText()).contains("known sources: transactions, clicks");
        assertThat(answer.get("sources").toString()).isEqualTo("[\"transactions\",\"clicks\"]");
    }

    @Test
    void shouldAnswer415ForUnsupportedContentType() throws Exception {
        // when
        HttpResponse<String> response = post(server.port(), "transactions", "text/csv", "card_id,amount\nc-1,1");

        // then
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("error").asText()).isEqualTo(IngestReasons.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void shouldAnswer413ForBodyOverTheLimit() throws Exception {
        // given
        String body = "[" + (txn("c-1", 1) + ",").repeat(100) + txn("c-1", 1) + "]";

        // when
        HttpResponse<String> response = post(server.port(), "transactions", "application/json", body);

        // then
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").asText()).isEqualTo(IngestReasons.PAYLOAD_TOO_LARGE);
        assertThat(mock.history()).isEmpty();
    }

    @Test
    void shouldAnswer409WhenSourceHasNoSchema() throws Exception {
        // when
        HttpResponse<String> response = post(server.port(), "clicks", "application/json", "{\"user_id\": \"u\"}");

        // then
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("error").asText()).isEqualTo(IngestReasons.NO_SCHEMA);
        assertThat(json(response).get("message").asText()).contains("subject 'txns-clicks-value'");
    }

    @Test
    void shouldAnswer503WithRetryAfterAndSendNothingMoreWhenBrokerRefusesAtOnce() throws Exception {
        // given
        mock.sendException = new TimeoutException("Topic txns not present in metadata after 5000 ms.");

        // when
        HttpResponse<String> response = post(server.port(), "transactions", "application/json",
                "[" + txn("c-1", 1) + ", " + txn("c-2", 2) + "]");

        // then
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode answer = json(response);
        assertThat(answer.get("failed").asInt()).isEqualTo(2);
        assertThat(answer.get("records").get(0).get("reason").asText()).isEqualTo(IngestReasons.PRODUCE_FAILED);
        assertThat(answer.get("records").get(1).get("message").asText()).startsWith("Not sent: the broker refused");
    }

    @Test
    void shouldReportUnacknowledgedRecordAsFailedNeverAccepted() throws Exception {
        // given: a producer that never acknowledges, and a short wait
        stop();
        registry.register(TOPIC + "-value", TXN);
        startWith(false, HttpIngestSettings.defaults(Path.of(".")).withAckTimeout(Duration.ofMillis(50)));

        // when
        HttpResponse<String> response = post(server.port(), "transactions", "application/json", txn("c-1", 1));

        // then
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).get("records").get(0).get("reason").asText()).isEqualTo(IngestReasons.PRODUCE_TIMEOUT);
        assertThat(json(response).get("accepted").asInt()).isZero();
    }
}
