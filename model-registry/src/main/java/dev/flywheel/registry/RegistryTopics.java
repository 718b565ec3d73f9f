package dev.flywheel.registry;

import dev.flywheel.registry.versions.JsonSerde;
import dev.flywheel.registry.versions.RegistryCommand;
import dev.flywheel.topology.topics.CleanupPolicy;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicOwner;
import dev.flywheel.topology.topics.TopicSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry's own topic: {@code <prefix>flywheel.registry-commands}, promote and rollback commands as JSON
 * keyed by model, written by the HTTP API and read only by the registry (so it is not a backbone contract and
 * not in the catalogue). Delete policy, 7 days: a command matters until it is applied.
 */
public final class RegistryTopics {

    /** Name of the command topic after the prefix. */
    public static final String COMMANDS = "flywheel.registry-commands";
    /** Retention of the command topic. */
    public static final Duration COMMANDS_RETENTION = Duration.ofDays(7);

    private RegistryTopics() {
    }

    /**
     * Returns the command topic of a deployment: the catalogue's prefix, partitions and replication factor.
     *
     * @param catalogue the deployment's topics
     * @return the command topic
     */
    public static Topic<String, RegistryCommand> commands(TopicCatalogue catalogue) {
        TopicSettings models = catalogue.models().settings();
        TopicSettings settings = new TopicSettings(models.partitions(), models.replicationFactor(),
                CleanupPolicy.DELETE, Optional.of(COMMANDS_RETENTION), Map.of());
        return new Topic<>(catalogue.names().prefix() + COMMANDS, Serdes.String(),
                new JsonSerde<>(RegistryCommand.class), settings, TopicOwner.FLYWHEEL);
    }
}
