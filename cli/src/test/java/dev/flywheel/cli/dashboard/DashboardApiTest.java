package dev.flywheel.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.registry.ModelInfo;
import dev.flywheel.registry.RegistryUnavailableException;
import dev.flywheel.registry.http.ApiToken;
import dev.flywheel.registry.lineage.Lineage;
import dev.flywheel.registry.lineage.LineageNode;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.ModelStage;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.topology.runtime.Health;
import dev.flywheel.topology.runtime.HealthStatus;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint the dashboard's page uses, over HTTP, against fake sources. */
class DashboardApiTest {

    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "dashboard-test-token-0123";

    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeSources sources = new FakeSources();
    private final FakeActions actions = new FakeActions();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Dashboard dashboard;
    private Javalin app;

    @BeforeEach
    void start() {
        dashboard = new Dashboard(sources, meters, Clock.systemUTC());
        startApp();
    }

    private void startApp() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            dashboard.addRoutes(config.routes);
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        dashboard.close();
        app.stop();
    }

    @Test
    void shouldServeThePageItsFilesAndEchartsFromTheJar() throws Exception {
        assertThat(get("/").body()).contains("<title>Flywheel dashboard</title>", "/dashboard/echarts.min.js");
        assertThat(get("/dashboard/app.js").body()).contains("new EventSource('/api/events'");
        assertThat(get("/dashboard/app.css").headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/css"));
        assertThat(get("/dashboard/echarts.min.js").body()).contains("echarts");
    }

    @Test
    void shouldRefuseFilesThatAreNotTheDashboards() throws Exception {
        assertThat(get("/dashboard/logback.xml").statusCode()).isEqualTo(404);
        assertThat(get("/dashboard/..%2Flogback.xml").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldShowStageHealthTotalsAndRecentAlarmsNewestFirst() throws Exception {
        // given two stages, one down, counters, a drift alarm and a failed job
        sources.health.put("ingestion-transactions", new Health(HealthStatus.UP, "RUNNING", T0));
        sources.health.put("drift-monitor", new Health(HealthStatus.DOWN, "ERROR: broker gone", T0.plusSeconds(30)));
        Counter.builder("flywheel.ingestion.accepted").tag("source", "transactions").register(meters).increment(42);
        Counter.builder("flywheel.ingestion.rejected").tag("topic", "transactions").tag("reason", "CONTRACT_MAX")
                .register(meters).increment(3);
        sources.drift.add(DashboardEvents.detected(T0.plusSeconds(10), 0.4));
        sources.training.add(DashboardEvents.status(T0.plusSeconds(20), "r-1", TrainingState.FAILED, List.of()));

        // when
        JsonNode overview = getJson("/api/overview");

        // then
        assertThat(overview.get("stages")).hasSize(2);
        assertThat(overview.at("/stages/0/stage").asText()).isEqualTo("ingestion-transactions");
        assertThat(overview.at("/stages/1/status").asText()).isEqualTo("DOWN");
        assertThat(overview.at("/stages/0").has("rate")).isTrue();
        assertThat(overview.at("/totals/flywheel.ingestion.accepted").asLong()).isEqualTo(42);
        assertThat(overview.at("/totals/flywheel.ingestion.rejected").asLong()).isEqualTo(3);
        assertThat(overview.at("/families/flywheel.ingestion.accepted").asText()).isEqualTo("accepted");
        assertThat(overview.get("alarms")).extracting(a -> a.get("kind").asText())
                .containsExactly("stage", "training", "drift");
        assertThat(overview.at("/alarms/2/text").asText()).contains("card_spend_drift/amount_sum_24h", "0.400");
    }

    @Test
    void shouldShowTopicsWithRatesLagPerGroupAndRejectionsByReason() throws Exception {
        // given two snapshots ten seconds apart
        sources.snapshots.add(FakeSources.snapshot(T0, 100, 90));
        sources.snapshots.add(FakeSources.snapshot(T0.plusSeconds(10), 300, 250));
        Counter.builder("flywheel.ingestion.rejected").tag("topic", "transactions").tag("reason", "CONTRACT_MAX")
                .register(meters).increment(2);
        Counter.builder("flywheel.dlq.rejected").tag("stage", "features-card_spend").tag("topic", "transactions.valid")
                .tag("reason", "DESERIALIZATION").register(meters).increment();

        // when
        JsonNode first = getJson("/api/topics");
        JsonNode second = getJson("/api/topics");

        // then the first has no rates yet, the second has them from the offsets' growth
        assertThat(first.at("/topics/1/rate_in").isNull()).isTrue();
        JsonNode valid = second.at("/topics/1");
        assertThat(valid.get("name").asText()).isEqualTo("transactions.valid");
        assertThat(valid.get("partitions").asInt()).isEqualTo(3);
        assertThat(valid.get("records").asLong()).isEqualTo(300);
        assertThat(valid.get("rate_in").asDouble()).isEqualTo(20.0);
        assertThat(valid.get("rate_out").asDouble()).isEqualTo(16.0);
        assertThat(valid.get("consumers")).extracting(JsonNode::asText).containsExactly("flywheel-features-card_spend");
        assertThat(second.at("/topics/2/dlq").asBoolean()).isTrue();
        assertThat(second.at("/groups/0/lag").asLong()).isEqualTo(50);
        assertThat(second.get("rejections")).extracting(r -> r.get("reason").asText() + "=" + r.get("count").asLong())
                .containsExactly("CONTRACT_MAX=2", "DESERIALIZATION=1");
    }

    @Test
    void shouldTailTheNewestDecodedRecordsOfATopic() throws Exception {
        sources.tails.put("transactions.valid", List.of(
                new DashboardSources.TailRecord(0, 7, T0.toEpochMilli(), "card-1", "{\"amount\": 12.5}"),
                new DashboardSources.TailRecord(1, 3, T0.toEpochMilli() + 1, "card-2", "{\"amount\": 99.0}")));

        JsonNode tail = getJson("/api/topics/transactions.valid/tail?limit=1");

        assertThat(tail.get("records")).hasSize(1);
        assertThat(tail.at("/records/0/key").asText()).isEqualTo("card-2");
        assertThat(tail.at("/records/0/value").asText()).contains("99.0");
    }

    @Test
    void shouldAnswer404ForAnUnknownTopicAnd400ForABadLimit() throws Exception {
        HttpResponse<String> unknown = get("/api/topics/nope/tail");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("NOT_FOUND");
        sources.tails.put("transactions.valid", List.of());
        assertThat(get("/api/topics/transactions.valid/tail?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/topics/transactions.valid/tail?limit=ten").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswer503WhenKafkaDoesNotAnswer() throws Exception {
        sources.failure = () -> new SourceUnavailableException("Kafka did not answer within PT5S", null);

        HttpResponse<String> topics = get("/api/topics");

        assertThat(topics.statusCode()).isEqualTo(503);
        assertThat(topics.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void shouldDrawDriftScoreSeriesPerMonitorAndFeatureWithTheAlarmsBins() throws Exception {
        // given an alarm, a worse one, and its resolution
        DriftDetected first = DashboardEvents.detected(T0, 0.3);
        sources.drift.add(first);
        sources.drift.add(DashboardEvents.detected(T0.plusSeconds(60), 0.5));
        sources.drift.add(DashboardEvents.resolved(T0.plusSeconds(120), first));

        JsonNode series = getJson("/api/drift").get("series");

        // then one series for the alarmed feature, one for the other feature's scores
        assertThat(series).extracting(s -> s.get("id").asText())
                .containsExactly("card_spend_drift/amount_sum_24h", "card_spend_drift/txn_count_1h");
        JsonNode amount = series.get(0);
        assertThat(amount.get("points")).extracting(p -> p.get("score").asDouble()).containsExactly(0.3, 0.5, 0.05);
        assertThat(amount.get("points")).extracting(p -> p.get("kind").asText())
                .containsExactly("detected", "detected", "resolved");
        assertThat(amount.get("threshold").asDouble()).isEqualTo(0.2);
        assertThat(amount.get("state").asText()).isEqualTo("resolved");
        assertThat(amount.get("bins")).hasSize(3);
        assertThat(amount.at("/bins/2/window_share").asDouble()).isEqualTo(0.5);
        assertThat(amount.at("/bins/2/reference_share").asDouble()).isEqualTo(0.1);
        assertThat(series.get(1).get("points")).hasSize(2);
    }

    @Test
    void shouldJoinTrainingRequestsWithTheirJobsNewestFirst() throws Exception {
        TrainingRequested request = DashboardEvents.requested(T0, "r-1", List.of("drift-1"));
        sources.training.add(request);
        sources.training.add(DashboardEvents.status(T0.plusSeconds(5), "r-1", TrainingState.RUNNING, List.of()));
        sources.training.add(DashboardEvents.status(T0.plusSeconds(95), "r-1", TrainingState.SUCCEEDED,
                List.of(request.getEventId())));
        sources.training.add(DashboardEvents.requested(T0.plusSeconds(200), "r-2", List.of()));

        JsonNode jobs = getJson("/api/training").get("jobs");

        assertThat(jobs).extracting(j -> j.get("request_id").asText()).containsExactly("r-2", "r-1");
        assertThat(jobs.at("/0/state").asText()).isEqualTo("REQUESTED");
        JsonNode done = jobs.get(1);
        assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.get("trigger").asText()).isEqualTo("DRIFT");
        assertThat(done.get("duration_ms").asLong()).isEqualTo(90_000);
        assertThat(done.get("causes")).extracting(JsonNode::asText).containsExactly("drift-1");
        assertThat(done.get("history")).extracting(h -> h.get("state").asText()).containsExactly("RUNNING", "SUCCEEDED");
    }

    @Test
    void shouldListModelsAndVersionsWithStagesAndMetrics() throws Exception {
        sources.models.add(new ModelInfo("fraud_detector", true, 2, 2, List.of(1), "auc maximize, min_gain 0.005"));
        sources.versions.put("fraud_detector", List.of(DashboardEvents.version(1, ModelStage.ARCHIVED, T0),
                DashboardEvents.version(2, ModelStage.PRODUCTION, T0.plusSeconds(60))));

        JsonNode models = getJson("/api/models");
        JsonNode versions = getJson("/api/models/fraud_detector/versions");

        assertThat(models.at("/0/champion").asInt()).isEqualTo(2);
        assertThat(models.at("/0/previous_champions/0").asInt()).isEqualTo(1);
        assertThat(versions).extracting(v -> v.get("version").asInt() + ":" + v.get("stage").asText())
                .containsExactly("1:ARCHIVED", "2:PRODUCTION");
        assertThat(versions.at("/1/metrics/auc").asDouble()).isEqualTo(0.92);
        assertThat(get("/api/models/nope/versions").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer503WhenTheRegistrysStoresCannotBeQueried() throws Exception {
        sources.failure = () -> new RegistryUnavailableException("rebalancing", null);

        assertThat(get("/api/models").statusCode()).isEqualTo(503);
    }

    @Test
    void shouldDrawTheLineageOfAVersionAsAGraphFromCausesToEffects() throws Exception {
        LineageNode drift = new LineageNode("d-1", "DriftDetected", 1, List.of(), Map.of("monitor", "card_spend_drift"));
        LineageNode request = new LineageNode("q-1", "TrainingRequested", 2, List.of("d-1"), Map.of("trigger", "DRIFT"));
        LineageNode job = new LineageNode("j-1", "TrainingJobStatus", 3, List.of("q-1"), Map.of("state", "SUCCEEDED"));
        sources.lineages.put("fraud_detector/1", new Lineage("fraud_detector", 1, "file:///m.json", "ds-1", "r-1",
                List.of(job, request, drift), List.of("d-1"), List.of("card_spend"), List.of("card_spend:x"), List.of()));

        JsonNode graph = getJson("/api/models/fraud_detector/versions/1/lineage");

        assertThat(graph.get("nodes")).extracting(n -> n.get("type").asText())
                .containsExactly("ModelVersion", "TrainingJobStatus", "TrainingRequested", "DriftDetected");
        assertThat(graph.get("edges")).extracting(e -> e.get("from").asText() + ">" + e.get("to").asText())
                .containsExactlyInAnyOrder("j-1>version:fraud_detector/1", "q-1>j-1", "d-1>q-1");
        assertThat(graph.get("roots")).extracting(JsonNode::asText).containsExactly("d-1");
        assertThat(get("/api/models/fraud_detector/versions/9/lineage").statusCode()).isEqualTo(404);
        assertThat(get("/api/models/fraud_detector/versions/one/lineage").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldSendATickWithHealthAndTotalsAsSoonAsTheEventStreamOpens() throws Exception {
        sources.health.put("ingestion-transactions", new Health(HealthStatus.UP, "RUNNING", T0));
        Counter.builder("flywheel.ingestion.accepted").tag("source", "transactions").register(meters).increment(5);

        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri("/api/events"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());

        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("event: tick");
            String data = lines.readLine();
            assertThat(data).startsWith("data: ");
            JsonNode tick = JSON.readTree(data.substring("data: ".length()));
            assertThat(tick.at("/health/ingestion-transactions").asText()).isEqualTo("UP");
            assertThat(tick.at("/totals/flywheel.ingestion.accepted").asLong()).isEqualTo(5);
            assertThat(tick.has("rates")).isTrue();
        }
    }

    @Test
    void shouldKeepTickingToOtherBrowsersAfterOneLeaves() throws Exception {
        // given a browser that reads its first tick and goes away
        try (BufferedReader leaving = events()) {
            assertThat(leaving.readLine()).isEqualTo("event: tick");
        }

        // when another one opens the stream, then it gets the live ticks after the first
        try (BufferedReader staying = events()) {
            long ticks = 0;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (ticks < 3 && System.nanoTime() < deadline) {
                if ("event: tick".equals(staying.readLine())) {
                    ticks++;
                }
            }
            assertThat(ticks).as("ticks received in 10 s after another browser left").isEqualTo(3);
        }
    }

    @Test
    void shouldRefuseReadsWithoutTheTokenWhenReadingNeedsIt() throws Exception {
        // given a dashboard whose reads need the API token
        restart(Optional.of(new Password(TOKEN)), true);

        // then data needs it, the page does not
        assertThat(get("/").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = get("/api/overview");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"flywheel\"");
        assertThat(JSON.readTree(refused.body()).get("message").asText()).contains("needs the API token");
        assertThat(get("/api/topics/transactions/tail", "Bearer not-the-token").statusCode()).isEqualTo(403);
        assertThat(get("/api/events").statusCode()).isEqualTo(401);
        // and brings it as a bearer header, or as ?token= on the event stream
        sources.snapshots.add(FakeSources.snapshot(T0, 10, 5));
        assertThat(get("/api/topics", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/api/drift", "bearer " + TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri("/api/events?token=" + TOKEN))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(lines.readLine()).isEqualTo("event: tick");
        }
    }

    @Test
    void shouldLeaveReadsOpenByDefault() throws Exception {
        assertThat(get("/api/drift").statusCode()).isEqualTo(200);
        assertThat(get("/api/training", "Bearer anything-at-all").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseActionsWithoutTheTokenOrWithAWrongOne() throws Exception {
        // given a backbone with an API token, reads open
        restart(Optional.of(new Password(TOKEN)), false);

        // when an action comes without the token, or with a wrong one
        HttpResponse<String> missing = post("/api/models/fraud_detector/train", null, "{}");
        HttpResponse<String> wrong = post("/api/sources/transactions/dlq/replay", "Bearer not-the-token", "{}");

        // then 401 and 403, with JSON errors, and nothing was done
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"flywheel\"");
        assertThat(JSON.readTree(missing.body()).get("error").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(wrong.body()).get("error").asText()).isEqualTo("FORBIDDEN");
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void shouldRefuseActionsWhenNoTokenIsSet() throws Exception {
        restart(Optional.empty(), false);

        HttpResponse<String> refused = post("/api/models/fraud_detector/train", "Bearer " + TOKEN, "{}");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("WRITES_DISABLED");
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void shouldReplayASourcesDeadLettersByReasonWithTheToken() throws Exception {
        restart(Optional.of(new Password(TOKEN)), false);

        HttpResponse<String> replayed = post("/api/sources/transactions/dlq/replay", "Bearer " + TOKEN,
                "{\"reasons\": [\"CONTRACT_MAX\"], \"again\": true}");

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(replayed.body());
        assertThat(body.get("dlq_topic").asText()).isEqualTo("transactions.dlq");
        assertThat(body.get("matched").asInt()).isEqualTo(3);
        assertThat(body.get("replayed").asInt()).isEqualTo(2);
        assertThat(body.get("already_replayed").asInt()).isEqualTo(1);
        assertThat(body.at("/by_topic/transactions").asInt()).isEqualTo(2);
        assertThat(actions.calls).containsExactly("replay transactions [CONTRACT_MAX] again");
    }

    @Test
    void shouldRequestATrainingByHandWithTheToken() throws Exception {
        restart(Optional.of(new Password(TOKEN)), false);

        HttpResponse<String> asked = post("/api/models/fraud_detector/train", "Bearer " + TOKEN,
                "{\"id\": \"retry-1\", \"requested_by\": \"ops\"}");
        HttpResponse<String> noBody = post("/api/models/fraud_detector/train", "Bearer " + TOKEN, "");

        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(asked.body());
        assertThat(body.get("request_id").asText()).isEqualTo("fraud_detector-abc");
        assertThat(body.get("command_id").asText()).isEqualTo("manual:retry-1");
        assertThat(noBody.statusCode()).isEqualTo(202);
        assertThat(actions.calls).hasSize(2);
        assertThat(actions.calls.get(0)).isEqualTo("train fraud_detector retry-1 by ops");
        assertThat(actions.calls.get(1)).startsWith("train fraud_detector ").endsWith(" by dashboard");
    }

    @Test
    void shouldAnswer404ForAnUnknownSourceOrModelAnd400ForABadBody() throws Exception {
        restart(Optional.of(new Password(TOKEN)), false);
        String auth = "Bearer " + TOKEN;

        HttpResponse<String> source = post("/api/sources/nope/dlq/replay", auth, "{}");
        HttpResponse<String> model = post("/api/models/nope/train", auth, "{}");

        assertThat(source.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(source.body()).get("message").asText()).contains("No source 'nope'", "transactions");
        assertThat(model.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(model.body()).get("error").asText()).isEqualTo("NOT_FOUND");
        assertThat(post("/api/sources/transactions/dlq/replay", auth, "not json").statusCode()).isEqualTo(400);
        assertThat(post("/api/sources/transactions/dlq/replay", auth, "{\"reasons\": \"CONTRACT_MAX\"}")
                .statusCode()).isEqualTo(400);
        assertThat(post("/api/sources/transactions/dlq/replay", auth, "{\"reasons\": [\"x y\"]}").statusCode())
                .isEqualTo(400);
        assertThat(post("/api/sources/transactions/dlq/replay", auth, "{\"again\": \"yes\"}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> blankId = post("/api/models/fraud_detector/train", auth, "{\"id\": \" \"}");
        assertThat(blankId.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(blankId.body()).get("error").asText()).isEqualTo("BAD_REQUEST");
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void shouldOfferReplayAndTrainButtonsOnThePage() throws Exception {
        String script = get("/dashboard/app.js").body();

        assertThat(script).contains("/dlq/replay", "/train");
    }

    private void restart(Optional<Password> token, boolean readsNeedToken) {
        stop();
        dashboard = new Dashboard(sources, actions, meters, Clock.systemUTC(), new ApiToken(token), readsNeedToken);
        startApp();
    }

    private HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private BufferedReader events() throws Exception {
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri("/api/events"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        return new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }
}
