package dev.flywheel.topology.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a spec file cannot be loaded or is invalid. It carries every problem found, not just the
 * first, so a user fixes the file in one pass; the message lists them one a line.
 */
public final class SpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<SpecProblem> problems;

    /**
     * Creates the exception.
     *
     * @param problems the problems, at least one
     */
    public SpecException(List<SpecProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Returns every problem found, in file order. */
    public List<SpecProblem> problems() {
        return problems;
    }

    private static String message(List<SpecProblem> problems) {
        String header = problems.size() == 1 ? "1 problem in the spec" : problems.size() + " problems in the spec";
        return problems.stream().map(SpecProblem::toString).collect(Collectors.joining("\n  ", header + ":\n  ", ""));
    }
}
