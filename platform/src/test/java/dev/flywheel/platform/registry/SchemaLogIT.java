package dev.flywheel.platform.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.platform.testing.KafkaFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** What the registry reads from and writes to its topic, checked on the topic itself. */
class SchemaLogIT {

    @Test
    void shouldRebuildItsStateFromRecordsAConfluentRegistryWroteAndSkipWhatItCannotRead() throws Exception {
        // given a log as an older Confluent registry writes it, plus a key type we do not know and garbage
        String topic = topic();
        createTopic(topic, 1, "compact");
        produce(topic, List.of(
                record("{\"keytype\":\"SCHEMA\",\"subject\":\"legacy-value\",\"version\":1,\"magic\":1}",
                        "{\"subject\":\"legacy-value\",\"version\":1,\"id\":41,\"schema\":\"\\\"string\\\"\",\"deleted\":false}"),
                record("{\"keytype\":\"CONTEXT\",\"tenant\":\"default\",\"context\":\".x\",\"magic\":0}",
                        "{\"tenant\":\"default\",\"context\":\".x\"}"),
                record("not json at all", "{}"),
                record("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}", "{\"compatibilityLevel\":\"FULL\"}"),
                record("{\"keytype\":\"SCHEMA\",\"subject\":\"old-value\",\"version\":1,\"magic\":1}",
                        "{\"subject\":\"old-value\",\"version\":1,\"id\":40,\"schema\":\"\\\"int\\\"\",\"deleted\":false}"),
                record("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"old-value\",\"magic\":0}",
                        "{\"subject\":\"old-value\",\"version\":1}"),
                record("{\"keytype\":\"NOOP\",\"magic\":0}", null)));
        SchemaRegistryServer registry = registry(topic);
        try {
            // when
            registry.start();

            // then
            RegistryHttpClient client = new RegistryHttpClient(registry.endpoint());
            assertThat(client.get("/schemas/ids/41").body()).isEqualTo("{\"schema\":\"\\\"string\\\"\"}");
            assertThat(client.get("/subjects").body()).isEqualTo("[\"legacy-value\"]");
            assertThat(client.get("/subjects?deletedOnly=true").body()).isEqualTo("[\"old-value\"]");
            assertThat(client.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
            assertThat(client.register("new-value", "\"long\"")).isEqualTo(42);
        } finally {
            registry.stop();
        }
    }

    @Test
    void shouldCreateACompactedSinglePartitionTopicAndWriteConfluentRecordsToIt() throws Exception {
        String topic = topic();
        SchemaRegistryServer registry = registry(topic);
        try {
            registry.start();
            RegistryHttpClient client = new RegistryHttpClient(registry.endpoint());
            int id = client.register("orders-value", "\"string\"");
            client.setCompatibility("orders-value", "FULL");
            client.delete("/subjects/orders-value");
            client.delete("/subjects/orders-value?permanent=true");
        } finally {
            registry.stop();
        }

        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("cleanup.policy").value()).isEqualTo("compact");
        }
        assertThat(consume(topic)).containsExactly(
                "{\"keytype\":\"NOOP\",\"magic\":0} -> null",
                "{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":1,\"magic\":1} -> "
                        + "{\"subject\":\"orders-value\",\"version\":1,\"id\":1,\"schemaType\":\"AVRO\","
                        + "\"references\":[],\"schema\":\"\\\"string\\\"\",\"deleted\":false}",
                "{\"keytype\":\"CONFIG\",\"subject\":\"orders-value\",\"magic\":0} -> "
                        + "{\"subject\":\"orders-value\",\"compatibilityLevel\":\"FULL\"}",
                "{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"orders-value\",\"magic\":0} -> "
                        + "{\"subject\":\"orders-value\",\"version\":1}",
                "{\"keytype\":\"CONFIG\",\"subject\":\"orders-value\",\"magic\":0} -> null",
                "{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":1,\"magic\":1} -> null");
    }

    @Test
    void shouldRefuseATopicWithMoreThanOnePartition() throws Exception {
        String topic = topic();
        createTopic(topic, 2, "compact");

        assertThatThrownBy(registry(topic)::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'" + topic + "' has 2 partitions but must have exactly 1");
    }

    @Test
    void shouldRefuseATopicThatIsNotCompacted() throws Exception {
        String topic = topic();
        createTopic(topic, 1, "delete");

        assertThatThrownBy(registry(topic)::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cleanup.policy=delete but must be 'compact'");
    }

    private static SchemaRegistryServer registry(String topic) {
        return SchemaRegistryServer.builder()
                .bootstrapServers(KafkaFixture.bootstrapServers())
                .topic(topic)
                .port(0)
                .build();
    }

    private static String topic() {
        return "_schemas-log-" + UUID.randomUUID();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()));
    }

    private static void createTopic(String topic, int partitions, String cleanupPolicy) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                    .configs(Map.of("cleanup.policy", cleanupPolicy)))).all().get();
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String key, String value) {
        return new ProducerRecord<>("unused", key.getBytes(UTF_8), value == null ? null : value.getBytes(UTF_8));
    }

    private static void produce(String topic, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(new ProducerRecord<>(topic, 0, record.key(), record.value())).get();
            }
        }
    }

    /** Every record of the topic as {@code key -> value}. */
    private static List<String> consume(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(new String(record.key(), UTF_8) + " -> "
                            + (record.value() == null ? "null" : new String(record.value(), UTF_8)));
                }
            }
        }
        return records;
    }
}
