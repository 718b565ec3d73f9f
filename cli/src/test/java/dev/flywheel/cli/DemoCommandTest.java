package dev.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.topology.spec.FlywheelSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code flywheel demo} without infrastructure: its bundled spec, its help, and every way it refuses bad options
 * (usage exit code 2 and one line naming the option) before it starts anything. The run itself is {@link DemoIT}.
 */
class DemoCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Flywheel.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void shouldBundleAValidSpecWithTheModelViewAndLabelsTheDemoDrives() {
        FlywheelSpec spec = DemoCommand.bundledSpec();

        assertThat(spec.model(DemoCommand.MODEL)).isPresent();
        assertThat(spec.featureViews()).extracting(view -> view.name()).containsExactly(DemoCommand.VIEW);
        assertThat(spec.label(DemoCommand.LABELS)).isPresent();
        assertThat(spec.source(DemoCommand.LABELS)).as("labels reach the offline tier as a source").isPresent();
        assertThat(spec.monitors()).singleElement().satisfies(monitor -> assertThat(monitor.model())
                .contains(DemoCommand.MODEL));
        assertThat(spec.model(DemoCommand.MODEL).orElseThrow().retrain().onDrift()).isPresent();
    }

    @Test
    void shouldBeListedInHelpAndDescribeItsOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("demo");
        assertThat(run("demo", "--help")).isZero();
        assertThat(out.toString()).contains("--rate", "--timeout", "--keep-running", "--json");
    }

    @Test
    void shouldRefuseATimeoutThatIsNotADuration() {
        assertThat(run("demo", "--timeout", "soon")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--timeout must be a positive duration such as 90s or 5m, not 'soon'");
    }

    @Test
    void shouldRefuseAZeroTimeout() {
        assertThat(run("demo", "--timeout", "0s")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--timeout must be a positive duration");
    }

    @Test
    void shouldRefuseARateOutOfRange() {
        assertThat(run("demo", "--rate", "0")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--rate must be between 1 and 10000, not 0");
    }

    @Test
    void shouldRefuseATrainerJarThatIsNotAFile() {
        assertThat(run("demo", "--trainer-jar", "/no/such/trainer.jar")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--trainer-jar /no/such/trainer.jar is not a file");
    }
}
