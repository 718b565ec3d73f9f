package dev.flywheel.topology.topics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** A topic's {@code cleanup.policy}. */
public enum CleanupPolicy {
    /** Segments are deleted after the retention time: event streams. */
    DELETE("delete"),
    /** Only the latest record per key is kept: state such as model versions. */
    COMPACT("compact"),
    /** Compacted, and old segments deleted as well. */
    COMPACT_DELETE("compact,delete");

    private final String value;

    CleanupPolicy(String value) {
        this.value = value;
    }

    /** Returns the value Kafka expects, for example {@code compact,delete}. */
    public String value() {
        return value;
    }

    /**
     * Parses a broker's value, in any order or case ({@code delete,compact} is {@link #COMPACT_DELETE}).
     *
     * @param text the broker's value
     * @return the policy, or empty when the text is not one
     */
    public static Optional<CleanupPolicy> parse(String text) {
        String normalized = String.join(",", new TreeSet<>(Arrays.stream(text.toLowerCase(Locale.ROOT).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList()));
        return Arrays.stream(values()).filter(p -> p.value.equals(normalized)).findFirst();
    }
}
