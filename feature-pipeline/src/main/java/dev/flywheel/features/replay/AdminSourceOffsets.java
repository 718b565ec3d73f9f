package dev.flywheel.features.replay;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** A topic's offsets through Kafka's {@link Admin} ({@code listOffsets}, read_committed). */
final class AdminSourceOffsets implements SourceOffsets {

    private final Admin admin;
    private final String topic;
    private final int partitions;

    AdminSourceOffsets(Admin admin, String topic) {
        this.admin = admin;
        this.topic = topic;
        this.partitions = ReplayKafka.get(admin.describeTopics(java.util.List.of(topic)).allTopicNames(),
                "describe topic " + topic).get(topic).partitions().size();
    }

    @Override
    public Map<Integer, Long> earliest() {
        return list(partition -> OffsetSpec.earliest());
    }

    @Override
    public Map<Integer, Long> end() {
        return list(partition -> OffsetSpec.latest());
    }

    @Override
    public Map<Integer, Long> atTime(long millis) {
        Map<Integer, Long> found = list(partition -> OffsetSpec.forTimestamp(millis));
        Map<Integer, Long> end = end();
        // -1: no record at or after that time in the partition.
        found.replaceAll((partition, offset) -> offset < 0 ? end.get(partition) : offset);
        return found;
    }

    private Map<Integer, Long> list(Function<Integer, OffsetSpec> spec) {
        Map<TopicPartition, OffsetSpec> request = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
        for (int partition = 0; partition < partitions; partition++) {
            request.put(new TopicPartition(topic, partition), spec.apply(partition));
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = ReplayKafka.get(admin.listOffsets(request,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), "list the offsets of " + topic);
        return answer.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset(),
                (a, b) -> a, TreeMap::new));
    }
}
