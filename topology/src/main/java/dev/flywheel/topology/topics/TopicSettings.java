package dev.flywheel.topology.topics;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How a topic is created: partitions, replication, cleanup policy, retention and any other topic
 * configs. What is left empty takes the broker's default and is not checked by provisioning.
 *
 * @param partitions the partition count
 * @param replicationFactor the replication factor; empty means the broker's default
 * @param cleanupPolicy the cleanup policy
 * @param retention how long records are kept; empty means the broker's default
 * @param otherConfigs further topic configs by Kafka name, for example {@code min.insync.replicas}
 */
public record TopicSettings(int partitions, Optional<Short> replicationFactor, CleanupPolicy cleanupPolicy,
                            Optional<Duration> retention, Map<String, String> otherConfigs) {

    /** Checks the parts are present and valid and copies the map. */
    public TopicSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(retention, "retention");
        otherConfigs = Collections.unmodifiableMap(new LinkedHashMap<>(otherConfigs));
    }

    /** Returns a copy with a retention time. */
    public TopicSettings withRetention(Duration time) {
        return new TopicSettings(partitions, replicationFactor, cleanupPolicy, Optional.of(time), otherConfigs);
    }

    /** Returns a copy with a partition count. */
    public TopicSettings withPartitions(int count) {
        return new TopicSettings(count, replicationFactor, cleanupPolicy, retention, otherConfigs);
    }

    /** Returns a copy with one more topic config. */
    public TopicSettings withConfig(String name, String value) {
        Map<String, String> configs = new LinkedHashMap<>(otherConfigs);
        configs.put(name, value);
        return new TopicSettings(partitions, replicationFactor, cleanupPolicy, retention, configs);
    }

    /** Returns the topic configs to create the topic with (and to check an existing one against). */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.value());
        retention.ifPresent(time -> configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(time.toMillis())));
        configs.putAll(otherConfigs);
        return configs;
    }

    /** Returns the Admin client request that creates a topic of this name with these settings. */
    public NewTopic newTopic(String name) {
        return new NewTopic(name, Optional.of(partitions), replicationFactor).configs(configs());
    }
}
