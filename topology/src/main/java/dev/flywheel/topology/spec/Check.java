package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The shared state and small checks of one validation run: the spec, where things are, what is wrong. */
final class Check {

    /** Names become parts of topic names, application ids and Feast refs, so they stay plain. */
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,99}");
    /** Feature names become Avro field names. */
    static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Record fields may be nested: {@code address.country}. */
    static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    /** Kafka's own rule for topic names. */
    static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    final FlywheelSpec spec;
    private final SpecLocations locations;
    private final List<SpecProblem> found = new ArrayList<>();

    Check(FlywheelSpec spec, SpecLocations locations) {
        this.spec = spec;
        this.locations = locations;
    }

    List<SpecProblem> found() {
        return found;
    }

    void problem(String path, String message) {
        found.add(locations.problem(path, message));
    }

    void name(String path, String value, String what) {
        if (!NAME.matcher(value).matches()) {
            problem(path, "invalid " + what + " name '" + value + "' (start with a letter; then letters, digits,"
                    + " '_' or '-'; at most 100 characters: it becomes part of topic names)");
        }
    }

    void featureName(String path, String value) {
        if (!AVRO_NAME.matcher(value).matches()) {
            problem(path, "invalid feature name '" + value + "' (letters, digits and '_', not starting with a "
                    + "digit: it becomes an Avro field name)");
        }
    }

    void field(String path, String value) {
        if (!FIELD.matcher(value).matches()) {
            problem(path, "invalid field name '" + value + "' (an Avro field name, with '.' for nested fields)");
        }
    }

    void topic(String path, String value) {
        if (!TOPIC.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            problem(path, "invalid topic name '" + value + "' (letters, digits, '.', '_' and '-', at most 249)");
        }
    }

    void atLeast(String path, int value, int least) {
        if (value < least) {
            problem(path, "must be at least " + least + ", got " + value);
        }
    }

    void positive(String path, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problem(path, "must be positive, got " + Durations.format(value.abs()));
        }
    }

    void reference(String path, String value, Collection<String> known, String what) {
        if (!known.contains(value)) {
            String hint = known.isEmpty() ? "(none is defined)" : Suggestions.hint(value, known);
            problem(path, "unknown " + what + " '" + value + "' " + hint);
        }
    }

    /** Reports every item whose key repeats an earlier one, pointing at the first. */
    <T> void unique(String section, List<T> items, Function<T, String> key, String suffix, String what) {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String value = key.apply(items.get(i));
            Integer earlier = first.putIfAbsent(value, i);
            if (earlier != null && !value.isEmpty()) {
                problem(section + "[" + i + "]" + suffix, "duplicate " + what + " '" + value + "' (first used at "
                        + section + "[" + earlier + "])");
            }
        }
    }
}
