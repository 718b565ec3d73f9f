package dev.flywheel.topology.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * A stream of ground-truth labels, joined point-in-time with features to build training sets.
 *
 * @param name the label name
 * @param topic the topic the labels arrive on (defaults to the name)
 * @param key the entity key field
 * @param timestamp the event-time field; empty means the Kafka record timestamp
 * @param field the label value field
 */
public record LabelSpec(String name, String topic, String key, Optional<String> timestamp, String field) {

    /** Checks the parts are present. */
    public LabelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(field, "field");
    }
}
