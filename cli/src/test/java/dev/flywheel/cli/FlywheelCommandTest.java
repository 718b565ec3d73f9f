package dev.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line without any infrastructure: help, version, {@code validate}, and every way {@code up}
 * refuses bad input before it starts anything.
 */
class FlywheelCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Flywheel.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static Path example() throws URISyntaxException {
        return Path.of(FlywheelCommandTest.class.getResource("/flywheel.yaml").toURI());
    }

    @Test
    void shouldListEveryCommandInHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("up", "validate", "--verbose");
    }

    @Test
    void shouldPrintVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("flywheel ");
    }

    @Test
    void shouldAcceptValidSpecAndSummariseIt() throws Exception {
        assertThat(run("validate", example().toString())).isZero();
        assertThat(out.toString()).contains("is valid: project fraud, 2 sources, 1 feature view");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldAcceptTheExampleSpecOfTheDesign() {
        // the copy of ARCHITECTURE.md's example kept by topology's tests: a label with no source of its own, a local
        // trainer with Kubernetes-only keys, and tuning (surefire runs in the module's folder)
        Path design = Path.of("..", "topology", "src", "test", "resources", "architecture-example.yaml");

        assertThat(run("validate", design.toString())).isZero();
        assertThat(out.toString()).contains("is valid: project fraud, 2 sources, 1 feature view, 1 label stream, "
                + "1 monitor, 1 model.");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldPrintEveryProblemWithFileAndLineAndExitOne() throws IOException {
        // given a spec with an unknown key and a feature view over a missing source
        Path spec = Files.writeString(dir.resolve("bad.yaml"), String.join("\n",
                "project: p",
                "sourcez: []",
                "feature_views:",
                "  - name: v",
                "    source: nowhere",
                "    entity: id",
                "    features:",
                "      - {name: n, agg: count, window: 1h}",
                ""));

        // when
        int exit = run("validate", spec.toString());

        // then
        assertThat(exit).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains(spec + ":2:1: ").contains("sourcez").contains(spec + ":5:")
                .contains("nowhere").contains("problems");
    }

    @Test
    void shouldReportMissingSpecFileInOneLine() {
        Path missing = dir.resolve("missing.yaml");
        assertThat(run("validate", missing.toString())).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains(missing + ": cannot read the file").doesNotContain("\tat ");
    }

    @Test
    void shouldWriteAValidStarterSpecAndNotOverwriteIt() {
        Path spec = dir.resolve("new/flywheel.yaml");

        assertThat(run("init", spec.toString())).isZero();
        assertThat(run("validate", spec.toString())).isZero();
        assertThat(out.toString()).contains("Wrote " + spec, "is valid: project demo");

        assertThat(run("init", spec.toString())).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains("exists; pass --force to overwrite it");
        assertThat(run("init", spec.toString(), "--force")).isZero();
    }

    @Test
    void shouldRefuseUnknownSettingBeforeStartingAnything() {
        int exit = run("up", "--fresh", "--set", "kafka.bootstrap.serverz=x:9092");

        assertThat(exit).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).startsWith("flywheel: ").contains("kafka.bootstrap.serverz")
                .contains("--verbose").doesNotContain("\tat ");
        assertThat(out.toString()).doesNotContain("Flywheel is up");
    }

    @Test
    void shouldPrintStackTraceOnlyWithVerbose() {
        run("up", "--verbose", "--fresh", "--set", "kafka.bootstrap.serverz=x:9092");

        assertThat(err.toString()).contains("\tat ");
    }

    @Test
    void shouldRefuseInvalidSpecBeforeStartingAnything() throws IOException {
        Path spec = Files.writeString(dir.resolve("bad.yaml"), "project: p\nsources: 7\n");

        int exit = run("up", "--fresh", "-f", spec.toString());

        assertThat(exit).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains(spec + ":2:");
    }

    @Test
    void shouldRefusePortOutOfRangeAsUsageError() {
        assertThat(run("up", "--kafka-port", "70000")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--kafka-port must be between 0 and 65535, not 70000");
    }

    @Test
    void shouldRefuseFreshTogetherWithDataDir() {
        assertThat(run("up", "--fresh", "--data-dir", dir.toString())).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--fresh and --data-dir exclude each other");
    }

    @Test
    void shouldDescribeFailureByTheFirstMessageInItsCauses() {
        var failure = new IllegalStateException(new RuntimeException("port 9092 is in use"));
        assertThat(Flywheel.describe(failure)).isEqualTo("port 9092 is in use");
        assertThat(Flywheel.describe(new RuntimeException(null, new IOException("disk full"))))
                .isEqualTo("disk full");
    }
}
