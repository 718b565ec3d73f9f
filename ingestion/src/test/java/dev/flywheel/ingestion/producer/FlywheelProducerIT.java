package dev.flywheel.ingestion.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.schemas.serde.GenericAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link FlywheelProducer} against the shared in-process broker and a real registry over HTTP. */
class FlywheelProducerIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Schema TXN = SchemaBuilder.record("Txn").namespace("dev.flywheel.it.producer").fields()
            .requiredString("card_id")
            .requiredDouble("amount")
            .endRecord();

    private static SchemaRegistryServer server;
    private static HttpSchemaRegistryClient registry;

    @BeforeAll
    static void startRegistry() {
        server = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-producer-" + RUN).port(0).build();
        server.start();
        registry = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.endpoint()));
    }

    @AfterAll
    static void stopRegistry() {
        try {
            if (registry != null) {
                registry.close();
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    @Test
    void shouldProduceRecordsEveryConsumerCanDecodeThroughTheRegistry() throws Exception {
        // given
        String topic = "producer-it-" + RUN;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();

        // when
        try (FlywheelProducer producer = FlywheelProducer.create(KafkaFixture.bootstrapServers(), registry,
                ProducerSettings.defaults().withCompression("zstd"))) {
            for (int i = 0; i < 100; i++) {
                sent.add(producer.send(topic, "c-" + i, txn("c-" + i, i)));
            }
            producer.flush();
        }

        // then
        for (CompletableFuture<RecordMetadata> future : sent) {
            assertThat(future.get().topic()).isEqualTo(topic);
        }
        assertThat(registry.getLatest(topic + "-value").avroSchema()).isEqualTo(TXN);
        List<ConsumerRecord<String, GenericRecord>> read = consume(topic, 100);
        assertThat(read).extracting(ConsumerRecord::key).contains("c-0", "c-99");
        assertThat(read).extracting(r -> r.value().get("amount")).contains(0.0, 99.0);
    }

    private static GenericRecord txn(String card, double amount) {
        return new GenericRecordBuilder(TXN).set("card_id", card).set("amount", amount).build();
    }

    private static List<ConsumerRecord<String, GenericRecord>> consume(String topic, int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "producer-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, GenericRecord>> read = new ArrayList<>();
        try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new GenericAvroDeserializer(registry))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }
}
