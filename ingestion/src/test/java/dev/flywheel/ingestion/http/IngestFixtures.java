package dev.flywheel.ingestion.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;

/** The spec, schema and HTTP calls the HTTP ingest tests share. */
final class IngestFixtures {

    /** The schema of source {@code transactions}. */
    static final Schema TXN = new Schema.Parser().parse("""
            {"type": "record", "name": "Txn", "namespace": "dev.flywheel.test", "fields": [
              {"name": "card_id", "type": ["null", "string"], "default": null},
              {"name": "amount", "type": "double"},
              {"name": "country", "type": "string", "default": "US"},
              {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}}
            ]}""");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private IngestFixtures() {
    }

    /** Sources {@code transactions} (topic {@code topic}, key card_id, a contract) and {@code clicks}. */
    static FlywheelSpec spec(String topic) {
        return SpecLoader.parse("flywheel.yaml", """
                project: test
                sources:
                  - name: transactions
                    topic: %s
                    key: card_id
                    timestamp: ts
                    contract: {amount: {min: 0, max: 100000}, country: {allowed: [US, DE, FR]}}
                  - name: clicks
                    topic: %s-clicks
                    key: user_id
                """.formatted(topic, topic));
    }

    static TopicCatalogue topics(FlywheelSpec spec, SchemaRegistryClient registry) {
        return TopicCatalogue.of(spec, FlywheelConfig.defaults(), new AvroTopicSerdes(registry, Map.of()));
    }

    /** A transaction as JSON, with an event time of now. */
    static String txn(String card, double amount) {
        return "{\"card_id\": \"" + card + "\", \"amount\": " + amount + ", \"ts\": " + System.currentTimeMillis() + "}";
    }

    static HttpResponse<String> post(int port, String source, String contentType, String body) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest/" + source))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return IngestBody.MAPPER.readTree(response.body());
    }
}
