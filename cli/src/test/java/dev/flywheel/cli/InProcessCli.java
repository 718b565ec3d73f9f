package dev.flywheel.cli;

import dev.flywheel.platform.testing.KafkaFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs {@code flywheel} commands in-process against the test JVM's broker and a given schema registry, each run with
 * fresh captured stdout and stderr, and every topic under a prefix of its own so tests never see each other's.
 */
final class InProcessCli {

    private final String registryUrl;
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    InProcessCli(String registryUrl) {
        this.registryUrl = registryUrl;
    }

    /** Runs one command with the broker, registry and topic prefix set; returns its exit code. */
    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        var commandLine = Flywheel.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "kafka.bootstrap.servers=" + KafkaFixture.bootstrapServers(),
                "--set", "registry.url=" + registryUrl, "--set", "topic.prefix=" + prefix));
        return commandLine.execute(all.toArray(String[]::new));
    }

    /** What the last run printed on stdout. */
    String out() {
        return out.toString();
    }

    /** What the last run printed on stderr. */
    String err() {
        return err.toString();
    }

    /** The topic prefix of every run. */
    String prefix() {
        return prefix;
    }
}
