package dev.flywheel.topology.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of one spec file, so all of them are reported at once. */
final class Problems {

    private final SpecLocations locations;
    private final List<SpecProblem> found = new ArrayList<>();

    Problems(SpecLocations locations) {
        this.locations = locations;
    }

    SpecLocations locations() {
        return locations;
    }

    /** Remembers where a path was written. */
    void locate(String path, Node node) {
        Mark mark = node.getStartMark();
        if (mark != null) {
            locations.put(path, mark.getLine() + 1, mark.getColumn() + 1);
        }
    }

    /** Adds a problem at a node of the file. */
    void at(Node node, String path, String message) {
        Mark mark = node.getStartMark();
        int line = mark == null ? 0 : mark.getLine() + 1;
        int column = mark == null ? 0 : mark.getColumn() + 1;
        found.add(new SpecProblem(locations.file(), line, column, path, message));
    }

    /** Adds a problem at a path, placed where the path (or its nearest ancestor) was written. */
    void at(String path, String message) {
        found.add(locations.problem(path, message));
    }

    void add(SpecProblem problem) {
        found.add(problem);
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** Returns the problems in file order. */
    List<SpecProblem> sorted() {
        return found.stream()
                .sorted(Comparator.comparingInt(SpecProblem::line).thenComparingInt(SpecProblem::column))
                .toList();
    }
}
