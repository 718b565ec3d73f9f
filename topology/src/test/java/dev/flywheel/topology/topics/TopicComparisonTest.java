package dev.flywheel.topology.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

class TopicComparisonTest {

    private static final Node BROKER = new Node(1, "localhost", 9092);

    private static TopicDescription topic(int partitions) {
        return new TopicDescription("t", false, IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartitionInfo(p, BROKER, List.of(BROKER), List.of(BROKER))).toList());
    }

    private static Config config(String policy, String retentionMs) {
        return new Config(List.of(new ConfigEntry("cleanup.policy", policy), new ConfigEntry("retention.ms",
                retentionMs)));
    }

    private final TopicSettings wanted = new TopicSettings(3, Optional.empty(), CleanupPolicy.DELETE,
            Optional.of(Duration.ofDays(7)), Map.of());

    @Test
    void shouldFindNoDifferenceInAMatchingTopic() {
        assertThat(TopicComparison.differences(wanted, topic(3), config("delete", "604800000"))).isEmpty();
    }

    @Test
    void shouldReportPartitionsCleanupPolicyAndRetentionThatDiffer() {
        assertThat(TopicComparison.differences(wanted, topic(1), config("compact", "3600000")))
                .extracting(Object::toString)
                .containsExactly("partitions is 1, expected 3", "cleanup.policy is compact, expected delete",
                        "retention.ms is 3600000, expected 604800000");
    }

    @Test
    void shouldReadCleanupPolicyInAnyOrder() {
        TopicSettings compactDelete = new TopicSettings(3, Optional.empty(), CleanupPolicy.COMPACT_DELETE,
                Optional.empty(), Map.of());

        assertThat(TopicComparison.differences(compactDelete, topic(3), config("delete,compact", "1"))).isEmpty();
    }

    @Test
    void shouldCompareReplicationFactorOnlyWhenSet() {
        TopicSettings replicated = new TopicSettings(3, Optional.of((short) 3), CleanupPolicy.DELETE,
                Optional.empty(), Map.of());

        assertThat(TopicComparison.differences(replicated, topic(3), config("delete", "1")))
                .extracting(Object::toString).containsExactly("replication.factor is 1, expected 3");
    }
}
