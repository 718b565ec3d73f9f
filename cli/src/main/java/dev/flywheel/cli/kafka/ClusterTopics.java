package dev.flywheel.cli.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads, with the Admin client, what {@code flywheel topics} and the dashboard show of topics: partitions, end
 * offsets and every consumer group's committed offsets and lag. Each call is bounded by a timeout and fails with a
 * {@link KafkaQueryException} that says which query failed.
 */
public final class ClusterTopics {

    private final Admin admin;
    private final Duration timeout;

    /**
     * Reads through this client.
     *
     * @param admin the Admin client (the caller closes it)
     * @param timeout the longest wait for one answer
     */
    public ClusterTopics(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * The topics at one moment.
     *
     * @param topics each topic asked for that exists, in name order
     * @param groups each consumer group's offsets on those topics, by group then topic
     * @param at when it was read
     */
    public record Snapshot(List<TopicOffsets> topics, List<GroupOffsets> groups, Instant at) {
        /** Copies the lists. */
        public Snapshot {
            topics = List.copyOf(topics);
            groups = List.copyOf(groups);
        }
    }

    /**
     * One topic.
     *
     * @param name the topic
     * @param partitions how many partitions it has
     * @param endOffset the sum of its partitions' end offsets: how many records were ever written to it
     */
    public record TopicOffsets(String name, int partitions, long endOffset) {
    }

    /**
     * One consumer group on one topic.
     *
     * @param group the group (for a stage, its {@code application.id})
     * @param topic the topic
     * @param committed the sum of its committed offsets over the topic's partitions
     * @param lag the sum over partitions of end offset minus committed offset
     */
    public record GroupOffsets(String group, String topic, long committed, long lag) {
    }

    /** The names of every topic of the cluster except Kafka's internal ones, sorted. */
    public Set<String> names() {
        return new TreeSet<>(await(admin.listTopics().names(), "list the topics"));
    }

    /**
     * Reads the topics among {@code wanted} that exist.
     *
     * @param wanted the topics of interest
     * @return their partitions, end offsets and consumer groups
     */
    public Snapshot read(Collection<String> wanted) {
        Set<String> existing = await(admin.listTopics().names(), "list the topics");
        List<String> names = wanted.stream().filter(existing::contains).distinct().sorted().toList();
        Map<String, TopicDescription> described = await(admin.describeTopics(names).allTopicNames(),
                "describe the topics");
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p ->
                latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResultInfo> ends = await(admin.listOffsets(latest).all(), "read end offsets");
        Map<String, Long> endByTopic = new HashMap<>();
        ends.forEach((partition, info) -> endByTopic.merge(partition.topic(), info.offset(), Long::sum));
        List<TopicOffsets> topics = names.stream().map(name -> new TopicOffsets(name,
                described.get(name).partitions().size(), endByTopic.getOrDefault(name, 0L))).toList();
        return new Snapshot(topics, groups(ends, Set.copyOf(names)), Instant.now());
    }

    private List<GroupOffsets> groups(Map<TopicPartition, ListOffsetsResultInfo> ends, Set<String> topics) {
        Collection<GroupListing> listings = await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all(),
                "list the consumer groups");
        List<GroupOffsets> groups = new ArrayList<>();
        for (GroupListing listing : listings) {
            Map<TopicPartition, OffsetAndMetadata> committed = await(admin.listConsumerGroupOffsets(
                    listing.groupId()).partitionsToOffsetAndMetadata(), "read the offsets of " + listing.groupId());
            Map<String, long[]> byTopic = new LinkedHashMap<>();
            committed.forEach((partition, offset) -> {
                if (offset == null || !topics.contains(partition.topic())) {
                    return;
                }
                long[] sums = byTopic.computeIfAbsent(partition.topic(), t -> new long[2]);
                sums[0] += offset.offset();
                ListOffsetsResultInfo end = ends.get(partition);
                sums[1] += end == null ? 0 : Math.max(0, end.offset() - offset.offset());
            });
            byTopic.forEach((topic, sums) -> groups.add(new GroupOffsets(listing.groupId(), topic, sums[0], sums[1])));
        }
        groups.sort(Comparator.comparing(GroupOffsets::group).thenComparing(GroupOffsets::topic));
        return groups;
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaQueryException("Kafka refused to " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaQueryException("Kafka did not " + what + " within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaQueryException("Interrupted while asking Kafka to " + what, e);
        }
    }
}
