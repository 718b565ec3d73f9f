package dev.flywheel.topology.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Compares an existing topic with the settings the catalogue wants: partitions, replication factor
 * (when set), cleanup policy, and every topic config the catalogue sets (retention included). Settings
 * the catalogue leaves to the broker are not compared.
 */
final class TopicComparison {

    private TopicComparison() {
    }

    static List<TopicMismatch.Difference> differences(TopicSettings wanted, TopicDescription actual, Config config) {
        List<TopicMismatch.Difference> differences = new ArrayList<>();
        int partitions = actual.partitions().size();
        if (partitions != wanted.partitions()) {
            differences.add(new TopicMismatch.Difference("partitions", Integer.toString(wanted.partitions()),
                    Integer.toString(partitions)));
        }
        wanted.replicationFactor().ifPresent(factor -> {
            int replicas = actual.partitions().isEmpty() ? 0 : actual.partitions().get(0).replicas().size();
            if (replicas != factor) {
                differences.add(new TopicMismatch.Difference("replication.factor", factor.toString(),
                        Integer.toString(replicas)));
            }
        });
        for (Map.Entry<String, String> entry : wanted.configs().entrySet()) {
            String actualValue = value(config, entry.getKey());
            if (!same(entry.getKey(), entry.getValue(), actualValue)) {
                differences.add(new TopicMismatch.Difference(entry.getKey(), entry.getValue(), actualValue));
            }
        }
        return differences;
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config.get(name);
        return entry == null || entry.value() == null ? "(unset)" : entry.value();
    }

    private static boolean same(String name, String wanted, String actual) {
        if (TopicConfig.CLEANUP_POLICY_CONFIG.equals(name)) {
            return CleanupPolicy.parse(wanted).equals(CleanupPolicy.parse(actual));
        }
        return wanted.equals(actual);
    }
}
