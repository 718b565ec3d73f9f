package dev.flywheel.cli;

import dev.flywheel.topology.spec.FlywheelSpec;
import picocli.CommandLine.Command;

/** {@code flywheel features}: recompute a feature view from its source, and read what the online tier serves. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Replay a feature view from its source topic, or read an entity's online features.",
        subcommands = {FeaturesReplayCommand.class, FeaturesGetCommand.class})
final class FeaturesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }

    /** The spec in use, which every {@code features} subcommand needs: it declares the views. */
    static FlywheelSpec requireSpec(SpecOption spec) {
        return spec.load().orElseThrow(() -> new IllegalArgumentException("no pipeline spec: give -f FILE, or run "
                + "where " + SpecOption.DEFAULT_SPEC + " is"));
    }
}
