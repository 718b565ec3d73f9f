package dev.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code topics}, {@code tail}, {@code train}, {@code doctor} and {@code run} without infrastructure: their usage
 * errors, and the one line each prints when what it needs is not there (nothing listens on the closed port).
 */
class CliCommandsTest {

    /** A local port nothing listens on. */
    private static int closedPort;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void findClosedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
    }

    private int run(String... args) {
        CommandLine commandLine = Flywheel.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static String[] nowhere(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 8);
        String dead = "127.0.0.1:" + closedPort;
        System.arraycopy(new String[] {"--set", "kafka.bootstrap.servers=" + dead, "--set",
            "registry.url=http://" + dead, "--set", "redis.url=redis://" + dead, "--set",
            "s3.endpoint=http://" + dead}, 0, all, args.length, 8);
        return all;
    }

    private static Path example() throws Exception {
        return Path.of(CliCommandsTest.class.getResource("/flywheel.yaml").toURI());
    }

    @Test
    void shouldListTheNewCommandsInHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("topics", "tail", "train", "doctor", "run");
    }

    @Test
    void shouldSayKafkaIsNotReachableAndHowToFixItWhenListingTopics() {
        int exit = run(nowhere("topics", "--interval", "0"));

        assertThat(exit).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains("flywheel: Kafka at 127.0.0.1:" + closedPort + " is not reachable",
                "start `flywheel up` or set FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS").doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRefuseNegativeIntervalAsUsageError() {
        assertThat(run("topics", "--interval", "-1")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--interval must be between 0 and 3600");
    }

    @Test
    void shouldRefuseTailOfZeroRecordsAsUsageError() {
        assertThat(run("tail", "t", "--max", "0")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--max must be at least 1");
    }

    @Test
    void shouldSayKafkaIsNotReachableWhenTailing() {
        assertThat(run(nowhere("tail", "transactions"))).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains("Kafka at 127.0.0.1:" + closedPort + " is not reachable");
    }

    @Test
    void shouldRefuseToTrainAModelTheSpecDoesNotDeclareBeforeConnecting() throws Exception {
        int exit = run(nowhere("train", "nope", "-f", example().toString()));

        assertThat(exit).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains("No model 'nope'", "its models are: fraud_detector")
                .doesNotContain("Kafka");
    }

    @Test
    void shouldAskForTheSpecWhenTrainingWithoutOne() {
        assertThat(run(nowhere("train", "fraud_detector", "-f", "/does/not/exist.yaml")))
                .isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains("/does/not/exist.yaml: cannot read the file");
    }

    @Test
    void shouldFailEveryUnreachableEndpointWithItsFixAndExitOne() {
        int exit = run(nowhere("doctor", "--timeout", "2", "--api", "http://127.0.0.1:" + closedPort));

        assertThat(exit).isEqualTo(Flywheel.EXIT_FAILURE);
        String text = out.toString();
        assertThat(text).containsPattern("OK +java");
        assertThat(text).containsPattern("FAIL +kafka .*is not reachable.*start `flywheel up` or set "
                + "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(text).containsPattern("FAIL +registry .*set FLYWHEEL_REGISTRY_URL");
        assertThat(text).containsPattern("FAIL +redis .*set FLYWHEEL_REDIS_URL");
        assertThat(text).containsPattern("FAIL +s3 .*set FLYWHEEL_S3_ENDPOINT");
        assertThat(text).containsPattern("FAIL +api .*the Flywheel API is not reachable");
        assertThat(text).contains("checks failed.");
    }

    @Test
    void shouldPrintDoctorChecksAsJson() throws Exception {
        assertThat(run(nowhere("doctor", "--timeout", "1", "--json"))).isEqualTo(Flywheel.EXIT_FAILURE);

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("checks")).anySatisfy(check -> {
            assertThat(check.get("check").asText()).isEqualTo("kafka");
            assertThat(check.get("status").asText()).isEqualTo("FAIL");
            assertThat(check.get("fix").asText()).contains("FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS");
        });
        assertThat(json.get("checks")).anySatisfy(check ->
                assertThat(check.get("status").asText()).isEqualTo("OK"));
    }

    @Test
    void shouldRefuseUnknownStageAsUsageErrorNamingTheStages() {
        assertThat(run("run", "everything")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("unknown stage 'everything'",
                "ingestion, features, offline, drift, registry, trigger, dashboard");
    }

    @Test
    void shouldNotStartAStageWhoseInfrastructureIsNotReachable() {
        int exit = run(nowhere("run", "drift", "--api-port", "0"));

        assertThat(exit).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains("flywheel: Cannot run drift: Kafka at 127.0.0.1:" + closedPort
                + " is not reachable", "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(out.toString()).doesNotContain("is running");
    }
}
