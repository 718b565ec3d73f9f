package dev.flywheel.features.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.CleanupPolicy;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicNames;
import dev.flywheel.topology.topics.TopicSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OfflineTierTest {

    private static final String YAML = """
            project: fraud
            sources:
              - {name: transactions, topic: transactions, key: card_id, timestamp: ts}
            feature_views:
              - name: card_spend
                source: transactions
                entity: card_id
                ttl: 1d
                features:
                  - {name: txn_count_1h, agg: count, window: 1h}
            labels:
              - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts, field: is_fraud}
            """;

    @Test
    void shouldMakeOneSinkPerViewAndOnePerSourceALabelsImplicitOneIncluded() {
        FlywheelSpec spec = SpecLoader.parse("flywheel.yaml", YAML);
        TopicCatalogue topics = TopicCatalogue.of(spec, new TopicNames(""), new TopicSettings(1, Optional.empty(),
                CleanupPolicy.DELETE, Optional.empty(), Map.of()), new AvroTopicSerdes(new InMemorySchemaRegistryClient(), Map.of()));

        try (OfflineStore store = OfflineStore.open(OfflineStoreConfig.builder("flywheel").credentials("a", "b").build());
             OfflineTier tier = OfflineTier.create(spec, topics, Map.of("bootstrap.servers", "127.0.0.1:1"), store, "",
                     new SimpleMeterRegistry(), Clock.systemUTC())) {
            assertThat(tier.names()).containsExactly("view=card_spend", "source=transactions",
                    "source=fraud_labels");
            assertThat(tier.states()).containsValues(OfflineSink.State.NEW);
        }
    }
}
