package dev.flywheel.topology.spec;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each part of a spec was written: a map from spec paths such as
 * {@code feature_views[0].features[1].agg} to line and column, so problems found after parsing (a
 * reference to nothing, a duplicate name) still point into the file.
 */
public final class SpecLocations {

    private final String file;
    private final Map<String, int[]> lineAndColumn = new HashMap<>();

    /**
     * Creates an empty map of locations.
     *
     * @param file the file name problems are reported against
     */
    public SpecLocations(String file) {
        this.file = file;
    }

    /** Returns the file name problems are reported against. */
    public String file() {
        return file;
    }

    /**
     * Records where a path was written.
     *
     * @param path the spec path
     * @param line 1-based line
     * @param column 1-based column
     */
    public void put(String path, int line, int column) {
        lineAndColumn.putIfAbsent(path, new int[] {line, column});
    }

    /**
     * Makes a problem at a path, placed at the path or, when it was not written (a missing key), at its
     * nearest written ancestor.
     *
     * @param path the spec path
     * @param message what is wrong
     * @return the problem
     */
    public SpecProblem problem(String path, String message) {
        String located = path;
        while (!located.isEmpty() && !lineAndColumn.containsKey(located)) {
            located = parent(located);
        }
        int[] at = lineAndColumn.getOrDefault(located, new int[] {0, 0});
        return new SpecProblem(file, at[0], at[1], path, message);
    }

    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
