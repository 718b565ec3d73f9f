package dev.flywheel.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.platform.PortInUseException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts its own brokers (not the shared fixture) because it stops and restarts them.
 */
class EmbeddedKafkaIT {

    @TempDir
    Path tmp;

    @Test
    void shouldCommitTransactionsAndKeepDataAcrossRestartWithPersistentDirectory() throws Exception {
        Path dir = tmp.resolve("kafka");
        EmbeddedKafka kafka = EmbeddedKafka.builder().port(0).dataDir(dir).build();
        kafka.start();
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic("persisted", 2, (short) 1))).all().get();
        }
        produceTransactionally(kafka, "persisted", List.of("a", "b", "c"));
        kafka.stop();
        assertThat(kafka.isRunning()).isFalse();
        assertThat(Files.exists(dir.resolve("kraft/meta.properties"))).isTrue();

        kafka.start(); // same JVM, same directory
        try {
            try (Admin admin = admin(kafka)) {
                assertThat(admin.listTopics().names().get()).contains("persisted");
            }
            assertThat(consumeAll(kafka, "persisted", 3)).containsExactlyInAnyOrder("a", "b", "c");
        } finally {
            kafka.stop();
        }
    }

    @Test
    void shouldDeleteFreshDirectoryOnStop() {
        EmbeddedKafka kafka = EmbeddedKafka.builder().port(0).build();
        kafka.start();
        Path dir = kafka.dataDirectory();
        assertThat(dir).exists();
        kafka.stop();
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldFailWithClearErrorWhenPortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            EmbeddedKafka kafka = EmbeddedKafka.builder().port(taken.getLocalPort()).build();

            assertThatThrownBy(kafka::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("Kafka broker")
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
            assertThat(kafka.isRunning()).isFalse();
        }
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static void produceTransactionally(EmbeddedKafka kafka, String topic, List<String> values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-it");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            values.forEach(v -> producer.send(new ProducerRecord<>(topic, v, v)));
            producer.commitTransaction();
        }
    }

    private static List<String> consumeAll(EmbeddedKafka kafka, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-it");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
