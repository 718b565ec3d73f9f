package dev.flywheel.cli;

import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecException;
import dev.flywheel.topology.spec.SpecLoader;
import dev.flywheel.topology.spec.SpecProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flywheel validate FILE}: checks a pipeline spec without connecting to anything. Every problem is
 * printed on its own line as {@code file:line:column: problem}, so editors can jump to it; the exit code
 * is 1 when there is any.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a flywheel.yaml without starting or connecting to anything.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    @Parameters(paramLabel = "FILE", defaultValue = "flywheel.yaml",
            description = "The spec to check (default: ${DEFAULT-VALUE}).")
    Path file;

    @Override
    public Integer call() {
        FlywheelSpec spec;
        try {
            spec = SpecLoader.load(file);
        } catch (SpecException e) {
            PrintWriter err = command.commandLine().getErr();
            e.problems().stream().map(SpecProblem::toString).forEach(err::println);
            int count = e.problems().size();
            err.println(file + ": " + count + (count == 1 ? " problem" : " problems"));
            err.flush();
            return Flywheel.EXIT_FAILURE;
        }
        PrintWriter out = command.commandLine().getOut();
        out.printf("%s is valid: project %s, %s, %s, %s, %s, %s.%n", file, spec.project(),
                count(spec.sources().size(), "source"), count(spec.featureViews().size(), "feature view"),
                count(spec.labels().size(), "label stream"), count(spec.monitors().size(), "monitor"),
                count(spec.models().size(), "model"));
        out.flush();
        return 0;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
