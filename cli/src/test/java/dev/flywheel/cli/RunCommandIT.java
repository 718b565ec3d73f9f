package dev.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flywheel run registry} against the real broker and schema registry, as production runs one stage: it
 * provisions the topics, serves {@code /health} and {@code /metrics}, and stops cleanly (here by interrupting the
 * command's thread, which stops it as Ctrl-C's shutdown hook does).
 */
class RunCommandIT {

    private static SchemaRegistryServer server;

    @TempDir
    Path state;

    @BeforeAll
    static void start() {
        server = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-run-cli-" + UUID.randomUUID()).port(0).build();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void shouldRunTheRegistryStageAloneWithHealthAndMetricsAndStopWhenInterrupted() throws Exception {
        String prefix = "r" + UUID.randomUUID().toString().substring(0, 8) + ".";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread command = new Thread(() -> {
            var commandLine = Flywheel.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            exit.set(commandLine.execute("run", "registry", "--host", "127.0.0.1", "--api-port", "0",
                    "--set", "kafka.bootstrap.servers=" + KafkaFixture.bootstrapServers(),
                    "--set", "registry.url=" + server.endpoint(), "--set", "topic.prefix=" + prefix,
                    "--set", "state.dir=" + state));
        }, "flywheel-run-registry");
        command.start();
        try {
            // when it has started
            await().atMost(Duration.ofSeconds(90)).until(() -> out.toString().contains("/metrics") || !command.isAlive());
            assertThat(err.toString()).doesNotContain("flywheel:");
            Matcher health = Pattern.compile("health +(\\S+)").matcher(out.toString());
            assertThat(health.find()).as(out.toString()).isTrue();
            URI healthUri = URI.create(health.group(1));

            // then its topics exist, and /health turns 200 with the registry stage UP, and /metrics answers
            try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains(prefix + "flywheel.models",
                        prefix + "flywheel.training");
            }
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(healthUri).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).contains("model-registry").doesNotContain("drift-monitor");
            });
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(healthUri.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
        } finally {
            // when it is stopped
            command.interrupt();
            command.join(60_000);
        }
        assertThat(command.isAlive()).isFalse();
        assertThat(exit.get()).as(err.toString()).isZero();
        assertThat(err.toString()).contains("Stopped registry.");
    }
}
