package dev.flywheel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code flywheel} command. Each subcommand is its own class; this one only wires them and turns
 * failures into one clear line on stderr (the stack trace only with {@code --verbose}).
 */
@Command(
        name = "flywheel",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Event-driven streaming MLOps backbone on Apache Kafka.",
        subcommands = {UpCommand.class, DemoCommand.class, InitCommand.class, ValidateCommand.class, DlqCommand.class, ModelsCommand.class,
            DatasetsCommand.class, FeaturesCommand.class, TopicsCommand.class, TailCommand.class, TrainCommand.class,
            DoctorCommand.class, RunCommand.class, CommandLine.HelpCommand.class})
public final class Flywheel implements Runnable {

    /** Exit code for a command that ran and failed (usage errors exit with 2, as picocli does). */
    public static final int EXIT_FAILURE = 1;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = commandLine().execute(args);
        } catch (Error e) {
            // picocli rethrows Errors; exit anyway, or threads already started would keep the JVM alive.
            System.err.println("flywheel: " + describe(e));
            e.printStackTrace();
            exit = EXIT_FAILURE;
        }
        System.exit(exit);
    }

    /** The configured command line, also used by the tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Flywheel());
        commandLine.setExecutionExceptionHandler(Flywheel::handleFailure);
        return commandLine;
    }

    private static int handleFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        boolean verbose = parseResult.hasMatchedOption("--verbose")
                || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
        var err = commandLine.getErr();
        err.println("flywheel: " + describe(e));
        if (verbose) {
            e.printStackTrace(err);
        } else {
            err.println("(run again with --verbose for details)");
        }
        err.flush();
        return EXIT_FAILURE;
    }

    /**
     * The most useful one-line description of a failure: its message, or its cause's when it has none of
     * its own (a wrapper's default message is just the cause's {@code toString()}).
     */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
