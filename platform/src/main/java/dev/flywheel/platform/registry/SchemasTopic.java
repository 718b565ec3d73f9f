package dev.flywheel.platform.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the registry's topic exists as Confluent requires it: one partition (the log is one total
 * order) and {@code cleanup.policy=compact} (deleting by time would lose schemas). Creates it when
 * missing; refuses to start on a topic with more partitions or another cleanup policy rather than
 * change it silently.
 */
final class SchemasTopic {

    private static final Logger log = LoggerFactory.getLogger(SchemasTopic.class);
    private static final int MAX_REPLICATION = 3;

    private final String name;
    private final Duration timeout;

    SchemasTopic(String name, Duration timeout) {
        this.name = name;
        this.timeout = timeout;
    }

    void ensure(Admin admin) {
        try {
            TopicDescription description = describe(admin);
            if (description == null) {
                create(admin);
                return;
            }
            verify(admin, description);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Schema registry cannot check its topic '" + name + "': "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking topic '" + name + "'", e);
        }
    }

    private TopicDescription describe(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        try {
            return admin.describeTopics(List.of(name)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(name);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    private void create(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        short replication = (short) Math.max(1, Math.min(MAX_REPLICATION, brokers));
        NewTopic topic = new NewTopic(name, 1, replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created schema registry topic '{}' (1 partition, replication {}, compacted)", name, replication);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            log.info("Schema registry topic '{}' was created concurrently; checking it", name);
            verify(admin, describe(admin));
        }
    }

    private void verify(Admin admin, TopicDescription description)
            throws ExecutionException, InterruptedException, TimeoutException {
        int partitions = description.partitions().size();
        if (partitions != 1) {
            throw new IllegalStateException("The schema registry topic '" + name + "' has " + partitions
                    + " partitions but must have exactly 1: the registry needs one total order of its "
                    + "records. Delete the topic or choose another one with topic(...).");
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config config = admin.describeConfigs(List.of(resource)).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy)) {
            throw new IllegalStateException("The schema registry topic '" + name + "' has cleanup.policy="
                    + policy + " but must be 'compact', or Kafka deletes schemas once retention passes. "
                    + "Run: kafka-configs --alter --entity-type topics --entity-name " + name
                    + " --add-config cleanup.policy=compact");
        }
        log.debug("Schema registry topic '{}' exists with 1 partition and compaction", name);
    }
}
