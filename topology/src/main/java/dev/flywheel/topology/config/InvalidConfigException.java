package dev.flywheel.topology.config;

import java.util.List;

/**
 * Thrown at start-up when settings are invalid. It lists every invalid setting, each with where its
 * value came from (the environment variable or {@code --set}); secret values are never in it.
 */
public final class InvalidConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /**
     * Creates the exception.
     *
     * @param problems one line per invalid setting
     */
    public InvalidConfigException(List<String> problems) {
        super("Invalid Flywheel settings:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Returns one line per invalid setting. */
    public List<String> problems() {
        return problems;
    }
}
