package dev.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flywheel up} as a user runs it: the packaged jar in its own JVM, on free ports. It must print the
 * endpoints, serve the schema registry, keep its data between runs, and on a stop signal end every
 * process it started.
 *
 * <p>The stop signal is SIGTERM ({@link Process#destroy()}): it runs the same shutdown hook as Ctrl-C's
 * SIGINT, which a JVM started by a build tool in the background may have inherited as ignored.
 */
class FlywheelUpProcessIT {

    private static final Pattern REGISTRY = Pattern.compile("schema registry\\s+(http://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void shouldServeRegistryKeepDataBetweenRunsAndLeaveNoProcessBehind() throws Exception {
        Path data = dir.resolve("data");

        // given a first run that registers a schema
        Running first = up("--data-dir", data.toString());
        assertThat(first.banner()).contains("kafka", "redis", "s3 bucket", "topics           6 (6 created");
        assertThat(get(first.registry() + "/subjects")).isEqualTo("[]");
        String registered = post(first.registry() + "/subjects/clicks-value/versions",
                "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Click\\\",\\\"fields\\\":"
                        + "[{\\\"name\\\":\\\"url\\\",\\\"type\\\":\\\"string\\\"}]}\"}");
        assertThat(registered).matches("\\{\"id\":\\d+}");
        String id = registered.replaceAll("\\D", "");
        assertThat(get(first.registry() + "/schemas/ids/" + id)).contains("Click", "url");
        List<ProcessHandle> children = first.process().descendants().toList();
        assertThat(children).as("the embedded Redis server runs as a child process").isNotEmpty();

        // when it is stopped
        int exit = stop(first);

        // then it exits and takes its children with it
        assertThat(exit).as("exit code of a JVM ended by SIGTERM").isEqualTo(143);
        assertThat(first.errors()).contains("Stopping...", "Stopped.").doesNotContain("ERROR");
        assertThat(children).noneMatch(ProcessHandle::isAlive);

        // and a second run on the same data finds the schema and the topics again
        Running second = up("--data-dir", data.toString());
        assertThat(second.banner()).contains("0 created, 6 already there");
        assertThat(get(second.registry() + "/subjects")).isEqualTo("[\"clicks-value\"]");
        assertThat(get(second.registry() + "/schemas/ids/" + id)).contains("Click");
        stop(second);
    }

    @Test
    void shouldFailWithOneClearLineWhenAPortIsTaken() throws Exception {
        try (var socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Process process = start("up", "--fresh", "--kafka-port", "0", "--registry-port",
                    String.valueOf(socket.getLocalPort()), "--redis-port", "0", "--s3-port", "0", "--api-port", "0",
                    "--feast-port", "0");
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String errors = Files.readString(stderrOf(process));

            assertThat(process.exitValue()).isEqualTo(Flywheel.EXIT_FAILURE);
            assertThat(errors).contains("flywheel: ").contains(String.valueOf(socket.getLocalPort()))
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void shouldIngestOverHttpThroughTheRunningIngestionStage() throws Exception {
        // given a spec with one source and its schema registered
        Files.writeString(dir.resolve("flywheel.yaml"), String.join("\n",
                "project: shop",
                "sources:",
                "  - name: orders",
                "    key: id",
                "    contract: {amount: {min: 0}}",
                ""));
        Running up = up("--fresh");
        Matcher api = Pattern.compile("http api\\s+(http://\\S+)").matcher(up.banner());
        assertThat(api.find()).as(up.banner()).isTrue();
        assertThat(up.banner()).contains("ingestion for 1 source", "spec             flywheel.yaml");
        post(up.registry() + "/subjects/orders-value/versions", "{\"schema\":\"{\\\"type\\\":\\\"record\\\","
                + "\\\"name\\\":\\\"Order\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"string\\\"},"
                + "{\\\"name\\\":\\\"amount\\\",\\\"type\\\":\\\"double\\\"}]}\"}");

        // when a good and a bad record are posted
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(api.group(1) + "/ingest/orders"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"id\":\"a\",\"amount\":5},{\"id\":\"b\",\"amount\":-1}]"))
                .build(), HttpResponse.BodyHandlers.ofString());

        // then one is accepted and one rejected with its reason, and the stage reports healthy
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(207);
        assertThat(answer.body()).contains("\"accepted\":1", "\"rejected\":1", "CONTRACT_RANGE");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get(api.group(1) + "/health")).contains("\"status\":\"UP\"", "ingestion-orders"));
        stop(up);
    }

    private record Running(Process process, String banner, String registry, Path stderr) {
        String errors() throws IOException {
            return Files.readString(stderr);
        }
    }

    /** Starts {@code flywheel up} on free ports and waits for its banner. */
    private Running up(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("up", "--kafka-port", "0", "--registry-port", "0",
                "--redis-port", "0", "--s3-port", "0", "--api-port", "0", "--feast-port", "0"));
        args.addAll(List.of(options));
        Process process = start(args.toArray(String[]::new));
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String> banner = CompletableFuture.supplyAsync(() -> readUntil(stdout, "Ctrl-C"));
        String text = banner.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Matcher registry = REGISTRY.matcher(text);
        assertThat(registry.find()).as("registry endpoint in:%n%s", text).isTrue();
        // Keep reading so that a full pipe never blocks the process.
        CompletableFuture.runAsync(() -> readUntil(stdout, null));
        return new Running(process, text, registry.group(1), stderrOf(process));
    }

    private Process start(String... args) throws IOException {
        Path jar = Path.of("target", "flywheel.jar").toAbsolutePath();
        assertThat(jar).as("the packaged CLI (built by the package phase)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path stderr = dir.resolve("stderr-" + started.size() + ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(stderr.toFile()).start();
        started.add(process);
        return process;
    }

    private Path stderrOf(Process process) {
        return dir.resolve("stderr-" + started.indexOf(process) + ".log");
    }

    private static int stop(Running running) throws InterruptedException {
        running.process().destroy();
        assertThat(running.process().waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
        return running.process().exitValue();
    }

    private static String readUntil(BufferedReader reader, String marker) {
        StringBuilder text = new StringBuilder();
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                text.append(line).append('\n');
                if (marker != null && line.contains(marker)) {
                    return text.toString();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (marker != null) {
            throw new AssertionError("flywheel up ended before printing '" + marker + "':\n" + text);
        }
        return text.toString();
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return response.body();
    }

    private String post(String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", url, response.body()).isEqualTo(200);
        return response.body();
    }
}
