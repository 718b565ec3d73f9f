package dev.flywheel.topology.topics;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic, typed: its name, the serdes of its keys and values, how it is created, and who owns it.
 * Instances come from the {@link TopicCatalogue}; code reads and writes topics through them so that
 * nobody spells a topic name twice or pairs a topic with the wrong serde.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class Topic<K, V> {

    private final String name;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final TopicSettings settings;
    private final TopicOwner owner;

    /**
     * Creates a topic.
     *
     * @param name the full topic name (prefix included)
     * @param keySerde the key serde, configured
     * @param valueSerde the value serde, configured
     * @param settings how it is created
     * @param owner who creates it
     */
    public Topic(String name, Serde<K> keySerde, Serde<V> valueSerde, TopicSettings settings, TopicOwner owner) {
        this.name = Objects.requireNonNull(name, "name");
        this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
        this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** Returns the full topic name. */
    public String name() {
        return name;
    }

    /** Returns the key serde. */
    public Serde<K> keySerde() {
        return keySerde;
    }

    /** Returns the value serde. */
    public Serde<V> valueSerde() {
        return valueSerde;
    }

    /** Returns how the topic is created. */
    public TopicSettings settings() {
        return settings;
    }

    /** Returns who creates the topic. */
    public TopicOwner owner() {
        return owner;
    }

    /** Returns whether provisioning creates and checks this topic. */
    public boolean provisioned() {
        return owner == TopicOwner.FLYWHEEL;
    }

    @Override
    public String toString() {
        return "Topic[" + name + ", " + settings + ", " + owner + "]";
    }
}
