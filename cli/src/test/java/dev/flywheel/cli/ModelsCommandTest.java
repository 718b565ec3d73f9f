package dev.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code flywheel models} against a stand-in of the registry's HTTP API (canned answers in the shapes of
 * {@code model-registry}'s routes): paths, the bearer token, printing, and one-line errors.
 */
class ModelsCommandTest {

    private Javalin api;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startStandIn() {
        api = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> requests.add(ctx.method() + " " + ctx.path() + " "
                    + ctx.header("Authorization")));
            config.routes.get("/models", ctx -> ctx.contentType("application/json").result(
                    "[{\"model\":\"fraud\",\"in_spec\":true,\"latest_version\":3,\"champion\":2,"
                            + "\"previous_champions\":[1],\"promotion\":\"auc +0.005\"}]"));
            config.routes.get("/models/fraud/versions/2/lineage", ctx -> ctx.contentType("application/json").result(
                    "{\"model\":\"fraud\",\"version\":2,\"artifact_uri\":\"s3://b/m2\",\"dataset_id\":\"d1\","
                            + "\"request_id\":\"r1\",\"events\":[{\"event_id\":\"e1\",\"type\":\"DriftDetected\","
                            + "\"occurred_at\":0,\"causes\":[],\"attributes\":{\"monitor\":\"m\"}}],"
                            + "\"roots\":[\"e1\"],\"feature_views\":[\"card_spend\"],\"features\":[\"card_spend:n\"],"
                            + "\"missing\":[]}"));
            config.routes.post("/models/fraud/versions/3/promote", ctx -> {
                if (!"Bearer 0123456789abcdef".equals(ctx.header("Authorization"))) {
                    ctx.status(401).contentType("application/json")
                            .result("{\"error\":\"UNAUTHORIZED\",\"message\":\"a bearer token is required\"}");
                    return;
                }
                ctx.contentType("application/json").result(
                        "{\"command_id\":\"c\",\"model\":\"fraud\",\"version\":3,\"applied\":true,\"champion\":3}");
            });
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stopStandIn() {
        api.stop();
    }

    private int run(String... args) {
        var commandLine = Flywheel.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private String apiUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    @Test
    void shouldListModelsWithTheirChampion() {
        assertThat(run("models", "list", "--api", apiUrl())).isZero();

        assertThat(out.toString()).contains("fraud", "3", "2", "auc +0.005");
        assertThat(requests).containsExactly("GET /models null");
    }

    @Test
    void shouldPrintLineageAsTextOrJson() {
        assertThat(run("models", "lineage", "fraud", "2", "--api", apiUrl())).isZero();
        assertThat(out.toString()).contains("dataset   d1", "DriftDetected", "e1", "feature views: card_spend");

        assertThat(run("models", "lineage", "fraud", "2", "--api", apiUrl(), "--json")).isZero();
        assertThat(out.toString()).contains("\"roots\" : [ \"e1\" ]");
    }

    @Test
    void shouldSendTheTokenWhenPromoting() {
        int exit = run("models", "promote", "fraud", "3", "--api", apiUrl(), "--set", "api.token=0123456789abcdef");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("fraud version 3 is the champion.");
        assertThat(requests).containsExactly("POST /models/fraud/versions/3/promote Bearer 0123456789abcdef");
    }

    @Test
    void shouldSayWhatTheApiAnsweredInOneLine() {
        assertThat(run("models", "promote", "fraud", "3", "--api", apiUrl())).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains("flywheel: a bearer token is required (HTTP 401)").doesNotContain("\tat ");
    }

    @Test
    void shouldSayTheApiIsNotRunning() {
        String stopped = apiUrl();
        api.stop();
        assertThat(run("models", "list", "--api", stopped)).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains("Cannot reach the Flywheel API", "is `flywheel up` running?");
    }
}
