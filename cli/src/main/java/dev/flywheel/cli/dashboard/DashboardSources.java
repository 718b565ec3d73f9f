package dev.flywheel.cli.dashboard;

import dev.flywheel.registry.ModelInfo;
import dev.flywheel.registry.lineage.Lineage;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.topology.runtime.Health;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the dashboard reads, behind one interface so the HTTP API and the UI can be tested with fakes and no
 * running stack. {@link KafkaDashboardSources} is the real one: Kafka Admin, a tail consumer, an event log of
 * {@code flywheel.drift} and {@code flywheel.training}, and the registry's Java API.
 */
public interface DashboardSources {

    /** Each stage's health, by stage name. */
    Map<String, Health> health();

    /** The topics of the catalogue with their partitions and end offsets, and the consumer groups reading them. */
    TopicsSnapshot topics();

    /**
     * The last records of a topic, decoded with the catalogue's serdes.
     *
     * @param topic a topic of the catalogue
     * @param limit the most records per partition
     * @return the records, newest last; empty when the catalogue has no such topic
     */
    Optional<List<TailRecord>> tail(String topic, int limit);

    /** The {@code DriftDetected} and {@code DriftResolved} events seen, oldest first (a bounded recent history). */
    List<SpecificRecord> driftEvents();

    /** The {@code TrainingRequested} and {@code TrainingJobStatus} events seen, oldest first (bounded). */
    List<SpecificRecord> trainingEvents();

    /** The registry's models; empty when no registry runs. */
    List<ModelInfo> models();

    /**
     * A model's versions, oldest first.
     *
     * @throws dev.flywheel.registry.RegistryNotFoundException for an unknown model
     */
    List<ModelVersion> versions(String model);

    /**
     * Where a version came from.
     *
     * @throws dev.flywheel.registry.RegistryNotFoundException for an unknown version
     */
    Lineage lineage(String model, int version);

    /**
     * The topics at one moment.
     *
     * @param topics each catalogue topic that exists
     * @param groups committed offsets and lag of each consumer group, per topic
     * @param at when it was read
     */
    record TopicsSnapshot(List<TopicStat> topics, List<GroupLag> groups, Instant at) {
        /** Copies the lists. */
        public TopicsSnapshot {
            topics = List.copyOf(topics);
            groups = List.copyOf(groups);
        }
    }

    /**
     * One topic.
     *
     * @param name the topic
     * @param owner FLYWHEEL or EXTERNAL (a producers' topic)
     * @param partitions how many partitions it has
     * @param endOffset the sum of its partitions' end offsets: how many records were ever written to it
     */
    record TopicStat(String name, String owner, int partitions, long endOffset) {
    }

    /**
     * One consumer group on one topic.
     *
     * @param group the group (a stage's {@code application.id})
     * @param topic the topic
     * @param committed the sum of its committed offsets over the topic's partitions
     * @param lag the sum over partitions of end offset minus committed offset
     */
    record GroupLag(String group, String topic, long committed, long lag) {
    }

    /**
     * One record of a tail.
     *
     * @param partition its partition
     * @param offset its offset
     * @param timestamp its timestamp, epoch milliseconds
     * @param key the decoded key as text
     * @param value the decoded value as text (Avro records as JSON), or why it could not be decoded
     */
    record TailRecord(int partition, long offset, long timestamp, String key, String value) {
    }
}
