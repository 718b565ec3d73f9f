package dev.flywheel.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.CleanupPolicy;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicOwner;
import dev.flywheel.topology.topics.TopicSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** A snapshot reaches {@code flywheel.datasets} on the real broker in the registry's wire format, keyed by dataset id. */
class DatasetSnapshotPublisherIT {

    @Test
    void shouldPublishTheSnapshotKeyedByDatasetId() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        SchemaRegistryServer registryServer = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-datasets-" + run).port(0).build();
        registryServer.start();
        try (HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(RegistryClientConfig.of(registryServer.endpoint()));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()))) {
            String name = "flywheel.datasets-" + run;
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
            Topic<String, DatasetSnapshot> topic = new Topic<>(name, Serdes.String(),
                    new AvroTopicSerdes(registry, Map.of()).event(DatasetSnapshot.class),
                    new TopicSettings(1, Optional.empty(), CleanupPolicy.COMPACT, Optional.empty(), Map.of()), TopicOwner.FLYWHEEL);
            DatasetSnapshot snapshot = DatasetSnapshot.newBuilder().setEventId("e-1").setOccurredAt(Instant.EPOCH)
                    .setDatasetId("abc").setUri("s3://flywheel/datasets/abc/").setManifestUri("s3://flywheel/datasets/abc/manifest.json")
                    .setRowCount(3).setFeatureRefs(List.of("v:f")).build();

            // when
            try (SnapshotPublisher.Kafka publisher = SnapshotPublisher.kafka(topic,
                    Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()))) {
                publisher.publish(snapshot);
            }

            // then
            List<ConsumerRecord<String, DatasetSnapshot>> read = new ArrayList<>();
            try (KafkaConsumer<String, DatasetSnapshot> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "datasets-it-" + run, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), topic.valueSerde().deserializer())) {
                consumer.subscribe(List.of(name));
                for (int i = 0; i < 40 && read.isEmpty(); i++) {
                    consumer.poll(Duration.ofMillis(500)).forEach(read::add);
                }
            }
            assertThat(read).hasSize(1);
            assertThat(read.get(0).key()).isEqualTo("abc");
            assertThat(read.get(0).value()).isEqualTo(snapshot);
        } finally {
            registryServer.stop();
        }
    }
}
