package dev.flywheel.topology.spec;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads and validates {@code flywheel.yaml}.
 *
 * <p>The file is composed into SnakeYAML's node tree rather than constructed into Java objects, so
 * every value keeps its line and column and every problem can point at it. Parsing and validation
 * collect all problems; if there is any, one {@link SpecException} lists them all, each as
 * {@code file:line:column: path: message}. Meaning is checked even when the shape is partly wrong,
 * except under the parts whose shape is wrong. A valid spec is returned with an implicit source for each label that
 * no source feeds ({@link FlywheelSpec#withLabelSources()}).
 */
public final class SpecLoader {

    /** Class-path resource of the commented starter spec that {@code flywheel init} writes out. */
    public static final String STARTER_RESOURCE = "/starter-flywheel.yaml";

    /** Aliases per document; a small limit defeats "billion laughs" expansion. */
    private static final int MAX_ALIASES = 50;

    private SpecLoader() {
    }

    /**
     * Loads a spec file.
     *
     * @param file the file; its name as given is used in problem messages
     * @return the valid spec
     * @throws SpecException when the file cannot be read, is not YAML, or is not a valid spec
     */
    public static FlywheelSpec load(Path file) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecException(List.of(new SpecProblem(name, 0, 0, "", "cannot read the file: " + e)));
        }
        return parse(name, text);
    }

    /**
     * Loads a spec from text.
     *
     * @param fileName the name used in problem messages
     * @param yaml the spec text
     * @return the valid spec
     * @throws SpecException when the text is not YAML or not a valid spec
     */
    public static FlywheelSpec parse(String fileName, String yaml) {
        return parse(fileName, new StringReader(yaml));
    }

    /**
     * Loads a spec from a reader.
     *
     * @param fileName the name used in problem messages
     * @param yaml the spec text
     * @return the valid spec
     * @throws SpecException when the text is not YAML or not a valid spec
     */
    public static FlywheelSpec parse(String fileName, Reader yaml) {
        SpecLocations locations = new SpecLocations(fileName);
        Problems problems = new Problems(locations);
        Node root = compose(fileName, yaml);
        FlywheelSpec spec = new SpecParser(problems).parse(root);
        List<SpecProblem> shape = problems.sorted();
        for (SpecProblem meaning : SpecValidator.validate(spec, locations)) {
            // Where the shape is already wrong, the parser left a placeholder: one mistake, one problem.
            if (shape.stream().noneMatch(wrong -> covers(wrong.path(), meaning.path()))) {
                problems.add(meaning);
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems.sorted());
        }
        return spec.withLabelSources();
    }

    private static boolean covers(String wrongPath, String path) {
        return path.equals(wrongPath) || path.startsWith(wrongPath + ".") || path.startsWith(wrongPath + "[");
    }

    private static Node compose(String fileName, Reader yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        Node root;
        try {
            root = new Yaml(options).compose(yaml);
        } catch (MarkedYAMLException e) {
            throw new SpecException(List.of(syntaxProblem(fileName, e)));
        } catch (YAMLException e) {
            throw new SpecException(List.of(new SpecProblem(fileName, 0, 0, "", "not valid YAML: " + e.getMessage())));
        }
        if (root == null) {
            throw new SpecException(List.of(new SpecProblem(fileName, 1, 1, "", "the file is empty")));
        }
        return root;
    }

    private static SpecProblem syntaxProblem(String fileName, MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
        String message = "YAML syntax error: " + e.getProblem() + context;
        return mark == null ? new SpecProblem(fileName, 0, 0, "", message)
                : new SpecProblem(fileName, mark.getLine() + 1, mark.getColumn() + 1, "", message);
    }
}
