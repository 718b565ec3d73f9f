package dev.flywheel.registry.http;

import static dev.flywheel.registry.Fixtures.artifact;
import static dev.flywheel.registry.Fixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.registry.RegistryDriver;
import dev.flywheel.registry.RegistrySettings;
import dev.flywheel.registry.versions.JsonSerde;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API on a real Javalin server over the registry topology in a test driver. */
class RegistryHttpTest {

    private static final String TOKEN = "s3cret-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private RegistryDriver registry;
    private Javalin app;

    @BeforeEach
    void start() {
        registry = new RegistryDriver(dir.resolve("state"));
        Path model = artifact(dir, "model.json", "{}");
        registry.train(succeeded("fraud_detector", "r-1", model, Map.of("auc", 0.90)));
        registry.train(succeeded("fraud_detector", "r-2", model, Map.of("auc", 0.95)));
        serve(RegistrySettings.defaults().withApiToken(TOKEN));
    }

    private void serve(RegistrySettings settings) {
        if (app != null) {
            app.stop();
        }
        RegistryHttp http = new RegistryHttp(registry.registry(), settings);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            http.addRoutes(config.routes);
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        registry.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JsonSerde.MAPPER.readTree(response.body());
    }

    @Test
    void shouldListModelsWithTheirChampionAndPolicy() throws Exception {
        HttpResponse<String> response = get("/models");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        JsonNode models = json(response);
        assertThat(models).extracting(model -> model.get("model").asText()).containsExactly("by_hand", "eta", "even",
                "fraud_detector");
        JsonNode fraud = models.get(3);
        assertThat(fraud.get("model").asText()).isEqualTo("fraud_detector");
        assertThat(fraud.get("champion").asInt()).isEqualTo(2);
        assertThat(fraud.get("latest_version").asInt()).isEqualTo(2);
        assertThat(fraud.get("promotion").asText()).contains("auc", "maximize", "0.005");
    }

    @Test
    void shouldServeVersionsAndOneVersion() throws Exception {
        JsonNode versions = json(get("/models/fraud_detector/versions"));
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("stage").asText()).isEqualTo("ARCHIVED");
        assertThat(versions.get(1).get("stage").asText()).isEqualTo("PRODUCTION");

        JsonNode version = json(get("/models/fraud_detector/versions/2"));
        assertThat(version.get("metrics").get("auc").asDouble()).isEqualTo(0.95);
        assertThat(version.get("request_id").asText()).isEqualTo("r-2");
        assertThat(version.get("created_at").asText()).isEqualTo("2026-05-01T12:00:00Z");
    }

    @Test
    void shouldServeTheLineageOfAVersion() throws Exception {
        HttpResponse<String> response = get("/models/fraud_detector/versions/1/lineage");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode lineage = json(response);
        assertThat(lineage.get("request_id").asText()).isEqualTo("r-1");
        assertThat(lineage.get("feature_views").get(0).asText()).isEqualTo("card_spend");
        assertThat(lineage.get("missing").isArray()).isTrue();
    }

    @Test
    void shouldAnswer404ForAnUnknownModelOrVersionAnd400ForABadVersion() throws Exception {
        HttpResponse<String> model = get("/models/nobody");
        assertThat(model.statusCode()).isEqualTo(404);
        assertThat(json(model).get("error").asText()).isEqualTo("NOT_FOUND");
        assertThat(json(model).get("message").asText()).contains("nobody", "fraud_detector");

        assertThat(get("/models/fraud_detector/versions/7").statusCode()).isEqualTo(404);
        HttpResponse<String> bad = get("/models/fraud_detector/versions/seven");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").asText()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void shouldRenderTheInferenceServiceOfAVersion() throws Exception {
        HttpResponse<String> yaml = get("/models/fraud_detector/versions/2/inference-service?canary=25");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).contains("kind: InferenceService", "canaryTrafficPercent: 25", "name: fraud-detector");

        HttpResponse<String> json = get("/models/fraud_detector/versions/2/inference-service?format=json");
        assertThat(json(json).get("spec").get("predictor").get("canaryTrafficPercent").asInt()).isEqualTo(10);

        assertThat(get("/models/fraud_detector/versions/2/inference-service?format=xml").statusCode()).isEqualTo(400);
        assertThat(get("/models/fraud_detector/versions/2/inference-service?canary=0").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRollBackWithTheToken() throws Exception {
        HttpResponse<String> response = post("/models/fraud_detector/rollback", TOKEN,
                "{\"actor\": \"carol\", \"note\": \"latency\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode outcome = json(response);
        assertThat(outcome.get("applied").asBoolean()).isTrue();
        assertThat(outcome.get("champion").asInt()).isEqualTo(1);
        assertThat(registry.stores().models().get("fraud_detector").champion()).isEqualTo(1);
    }

    @Test
    void shouldPromoteWithTheTokenAndAnswer409ForTheChampion() throws Exception {
        HttpResponse<String> promoted = post("/models/fraud_detector/versions/1/promote", TOKEN, "");
        assertThat(promoted.statusCode()).isEqualTo(200);
        assertThat(registry.stores().models().get("fraud_detector").champion()).isEqualTo(1);

        HttpResponse<String> again = post("/models/fraud_detector/versions/1/promote", TOKEN, "{}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("error").asText()).isEqualTo("CONFLICT");
    }

    @Test
    void shouldAnswer401WithoutATokenAnd403WithAWrongOne() throws Exception {
        HttpResponse<String> missing = post("/models/fraud_detector/versions/1/promote", null, "{}");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value ->
                assertThat(value).startsWith("Bearer"));
        assertThat(json(missing).get("error").asText()).isEqualTo("UNAUTHORIZED");

        HttpResponse<String> wrong = post("/models/fraud_detector/versions/1/promote", TOKEN + "x", "{}");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(json(wrong).get("error").asText()).isEqualTo("FORBIDDEN");

        assertThat(registry.stores().models().get("fraud_detector").champion()).isEqualTo(2);
    }

    @Test
    void shouldRefuseWritesWhenNoTokenIsConfigured() throws Exception {
        serve(RegistrySettings.defaults());

        HttpResponse<String> response = post("/models/fraud_detector/rollback", "anything-at-all-here", "{}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("error").asText()).isEqualTo("WRITES_DISABLED");
        assertThat(get("/models").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer400ForABodyThatIsNotAJsonObject() throws Exception {
        HttpResponse<String> response = post("/models/fraud_detector/rollback", TOKEN, "[1");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).contains("not JSON");
        assertThat(post("/models/fraud_detector/rollback", TOKEN, "{\"version\": \"one\"}").statusCode())
                .isEqualTo(400);
    }
}
