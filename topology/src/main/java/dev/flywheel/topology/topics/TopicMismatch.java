package dev.flywheel.topology.topics;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An existing topic whose settings differ from the catalogue's. Provisioning reports it and never
 * changes it: repartitioning or changing a cleanup policy under running stages needs a human decision.
 *
 * @param topic the topic name
 * @param differences what differs
 */
public record TopicMismatch(String topic, List<Difference> differences) {

    /** Checks the parts are present and copies the list. */
    public TopicMismatch {
        Objects.requireNonNull(topic, "topic");
        differences = List.copyOf(differences);
    }

    /**
     * One differing setting.
     *
     * @param setting the setting, for example {@code partitions} or {@code retention.ms}
     * @param expected the catalogue's value
     * @param actual the broker's value
     */
    public record Difference(String setting, String expected, String actual) {

        @Override
        public String toString() {
            return setting + " is " + actual + ", expected " + expected;
        }
    }

    @Override
    public String toString() {
        return topic + ": " + differences.stream().map(Difference::toString).collect(Collectors.joining("; "));
    }
}
