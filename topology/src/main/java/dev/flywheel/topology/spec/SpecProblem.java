package dev.flywheel.topology.spec;

import java.util.Objects;

/**
 * One thing wrong with a spec file, with where it is.
 *
 * @param file the file name as the user gave it
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param path where in the spec, for example {@code feature_views[0].features[1].agg}; empty for the whole file
 * @param message what is wrong, in words a user can act on
 */
public record SpecProblem(String file, int line, int column, String path, String message) {

    /** Checks the parts are present. */
    public SpecProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Formats the problem as compilers do: {@code flywheel.yaml:12:7: feature_views[0].source: unknown source 'x'}.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        }
        text.append(": ");
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        return text.append(message).toString();
    }
}
