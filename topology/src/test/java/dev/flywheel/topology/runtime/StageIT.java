package dev.flywheel.topology.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.schemas.serde.SpecificAvroSerde;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.topics.ProvisioningReport;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicOwner;
import dev.flywheel.topology.topics.TopicProvisioner;
import dev.flywheel.topology.topics.TopicSettings;
import dev.flywheel.topology.topics.CleanupPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage on the real broker with exactly-once processing: it comes UP, an undecodable record lands in
 * the DLQ as a {@code RejectedRecord} (through the registry serde) while the next record flows, and it
 * stops gracefully.
 */
class StageIT {

    @TempDir
    Path stateDir;

    @Test
    void shouldRunUpRouteABadRecordToTheDlqAndStopGracefully() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String in = "it-" + run + ".numbers";
        String out = in + ".valid";
        String dlq = in + ".dlq";
        FlywheelConfig config = FlywheelConfig.load(Map.of(
                "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", KafkaFixture.bootstrapServers(),
                "FLYWHEEL_STATE_DIR", stateDir.toString(),
                "FLYWHEEL_TOPIC_PARTITIONS", "1"), Map.of());
        provision(config, in, out, dlq);
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        SpecificAvroSerde<RejectedRecord> rejectedSerde = new SpecificAvroSerde<>(registry, RejectedRecord.class);
        rejectedSerde.configure(Map.of(), false);
        RejectionCounters counters = new RejectionCounters();
        DlqRouting routing = new DlqRouting("it", topic -> topic.equals(in) ? Optional.of(dlq) : Optional.empty(),
                rejectedSerde.serializer(), counters, Clock.systemUTC());

        try (Stage stage = Stage.create(StageSettings.of("it-" + run, config).withDlq(routing),
                doubleEveryInteger(in, out))) {
            stage.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> stage.health().isUp());

            produce(config, in, new byte[] {1, 2, 3}, new byte[] {0, 0, 0, 21});

            List<ConsumerRecord<byte[], byte[]>> valid = consume(config, out, 1);
            assertThat(valid).singleElement().satisfies(r -> assertThat(r.value()).containsExactly(0, 0, 0, 42));
            RejectedRecord rejected = rejectedSerde.deserializer().deserialize(dlq, consume(config, dlq, 1).get(0)
                    .value());
            assertThat(rejected.getSourceTopic()).isEqualTo(in);
            assertThat(rejected.getOffset()).isZero();
            assertThat(rejected.getReasonCode()).isEqualTo(DlqRouting.DESERIALIZATION_FAILED);
            assertThat(counters.count(in, DlqRouting.DESERIALIZATION_FAILED)).isEqualTo(1);

            assertThat(stage.close(Duration.ofSeconds(30))).isTrue();
            assertThat(stage.health().status()).isEqualTo(HealthStatus.DOWN);
        }
    }

    /** A pure topology factory, as each stage module has one. */
    private static Topology doubleEveryInteger(String in, String out) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.Integer()))
                .mapValues(v -> v * 2)
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.Integer()));
        return builder.build();
    }

    private static void provision(FlywheelConfig config, String... names) {
        TopicSettings settings = new TopicSettings(1, Optional.empty(), CleanupPolicy.DELETE, Optional.empty(), Map.of());
        List<Topic<?, ?>> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new Topic<>(name, Serdes.ByteArray(), Serdes.ByteArray(), settings, TopicOwner.FLYWHEEL));
        }
        try (Admin admin = Admin.create(ClientConfigs.kafka(config))) {
            ProvisioningReport report = new TopicProvisioner(admin).provision(topics);
            assertThat(report.created()).hasSize(names.length);
        }
    }

    private static void produce(FlywheelConfig config, String topic, byte[]... values) throws Exception {
        Properties props = ClientConfigs.kafka(config);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8), value)).get();
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(FlywheelConfig config, String topic, int count) {
        Properties props = ClientConfigs.kafka(config);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }
}
