package dev.flywheel.cli;

import picocli.CommandLine.Command;

/** {@code flywheel datasets}: build point-in-time training datasets and list the built ones. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "Build point-in-time-correct training datasets from the offline tier, and list them.",
        subcommands = {DatasetsBuildCommand.class, DatasetsListCommand.class})
final class DatasetsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }
}
