package dev.flywheel.topology.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code --set key=value} arguments. */
public final class Overrides {

    private Overrides() {
    }

    /**
     * Parses overrides; a later one for the same key wins.
     *
     * @param assignments arguments of the form {@code key=value} (the value may contain {@code =})
     * @return the overrides by key, in argument order
     * @throws InvalidConfigException listing every argument without a key or an {@code =}
     */
    public static Map<String, String> parse(List<String> assignments) {
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> malformed = assignments.stream()
                .filter(a -> a.indexOf('=') <= 0)
                .map(a -> "--set '" + a + "': expected key=value, for example --set kafka.bootstrap.servers=host:9092")
                .toList();
        if (!malformed.isEmpty()) {
            throw new InvalidConfigException(malformed);
        }
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            overrides.put(assignment.substring(0, eq).trim(), assignment.substring(eq + 1));
        }
        return overrides;
    }
}
