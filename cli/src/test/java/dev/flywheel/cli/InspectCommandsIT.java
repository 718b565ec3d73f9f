package dev.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.schemas.serde.SpecificAvroSerializer;
import dev.flywheel.training.policy.RequestIds;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code flywheel topics}, {@code tail}, {@code train} and {@code doctor} on the real broker and schema registry. */
class InspectCommandsIT {

    private static SchemaRegistryServer server;

    /** Created after {@link #start()}, once per test: every test has its own topic prefix. */
    private final InProcessCli cli = new InProcessCli(server.endpoint());


    @BeforeAll
    static void start() {
        server = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-inspect-cli-" + UUID.randomUUID()).port(0).build();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private int run(String... args) {
        return cli.run(args);
    }

    private String prefix() {
        return cli.prefix();
    }

    private static Map<String, Object> kafka() {
        return Map.of("bootstrap.servers", KafkaFixture.bootstrapServers());
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(kafka())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    private static RejectedRecord rejected(long offset) {
        return RejectedRecord.newBuilder().setEventId("e" + offset).setOccurredAt(Instant.parse("2026-11-30T10:00:00Z"))
                .setSourceTopic("src").setPartition(0).setOffset(offset)
                .setValue(ByteBuffer.wrap("raw".getBytes(StandardCharsets.UTF_8)))
                .setReasonCode(ReasonCodes.CONTRACT_RANGE).setMessage("amount too big").build();
    }

    @Test
    void shouldListTopicWithEndOffsetAndLagOfItsGroup() throws Exception {
        // given a topic with 3 records of which a group has committed 1
        String topic = prefix() + "orders";
        createTopic(topic, 2);
        try (var producer = new KafkaProducer<>(kafka(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get();
            }
        }
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers",
                KafkaFixture.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, prefix() + "readers"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1)));
        }

        // when
        assertThat(run("topics", java.util.regex.Pattern.quote(prefix()), "--interval", "0.5", "--json"))
                .as(cli.err()).isZero();

        // then
        JsonNode topics = new ObjectMapper().readTree(cli.out()).get("topics");
        assertThat(topics).hasSize(1);
        JsonNode orders = topics.get(0);
        assertThat(orders.get("name").asText()).isEqualTo(topic);
        assertThat(orders.get("partitions").asInt()).isEqualTo(2);
        assertThat(orders.get("end_offset").asLong()).isEqualTo(3);
        assertThat(orders.get("in_per_sec").asDouble()).isZero();
        JsonNode group = orders.get("groups").get(0);
        assertThat(group.get("group").asText()).isEqualTo(prefix() + "readers");
        assertThat(group.get("committed").asLong()).isEqualTo(1);
        assertThat(group.get("lag").asLong()).isEqualTo(2);

        assertThat(run("topics", java.util.regex.Pattern.quote(prefix()), "--interval", "0")).isZero();
        assertThat(cli.out()).contains(topic, prefix() + "readers", "1 topics");
    }

    @Test
    void shouldPrintDecodedRecordsAsJsonLinesAndMarkUndecodableOnes() throws Exception {
        // given an Avro record with a text key, one claiming a schema id the registry does not have, and plain text
        String topic = prefix() + "mixed";
        createTopic(topic, 1);
        try (var serializer = new SpecificAvroSerializer<RejectedRecord>();
             var producer = new KafkaProducer<>(kafka(), new ByteArraySerializer(), new ByteArraySerializer())) {
            serializer.configure(Map.of("schema.registry.url", server.endpoint()), false);
            producer.send(new ProducerRecord<>(topic, "card-1".getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, rejected(7)))).get();
            producer.send(new ProducerRecord<>(topic, null, new byte[] {0, 0, 0, 0x7f, 0x7f, 2})).get();
            producer.send(new ProducerRecord<>(topic, null, "hello".getBytes(StandardCharsets.UTF_8))).get();
        }

        // when
        assertThat(run("tail", topic, "--from-beginning", "--no-follow")).as(cli.err()).isZero();

        // then
        List<JsonNode> lines = new ArrayList<>();
        for (String line : cli.out().split("\n")) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("key").asText()).isEqualTo("card-1");
        assertThat(lines.get(0).get("value").get("reason_code").asText()).isEqualTo(ReasonCodes.CONTRACT_RANGE);
        assertThat(lines.get(0).get("value").get("offset").asLong()).isEqualTo(7);
        assertThat(lines.get(0).has("undecodable")).isFalse();
        assertThat(lines.get(1).get("undecodable").asBoolean()).isTrue();
        assertThat(lines.get(1).get("value_error").asText()).startsWith(ReasonCodes.UNKNOWN_SCHEMA_ID);
        assertThat(lines.get(1).get("value_base64").asText()).isEqualTo("AAAAf38C");
        assertThat(lines.get(2).get("value").asText()).isEqualTo("hello");

        assertThat(run("tail", topic, "--from-beginning", "--max", "1", "--partition", "0")).isZero();
        assertThat(cli.out().trim().split("\n")).hasSize(1);
    }

    @Test
    void shouldSayTheTopicToTailIsMissing() {
        assertThat(run("tail", prefix() + "ghost", "--no-follow")).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(cli.err()).contains("Topic " + prefix() + "ghost does not exist");
    }

    @Test
    void shouldRequestTrainingWithTheSameRequestIdForTheSameCommandIdAndWaitForItsJob() throws Exception {
        // given the training topic, and the job of the request already SUCCEEDED (as the trigger would report it)
        String training = prefix() + "flywheel.training";
        createTopic(training, 3);
        String requestId = RequestIds.of("fraud_detector", List.of("manual:retrain-1"));
        try (var serializer = new SpecificAvroSerializer<SpecificRecord>();
             var producer = new KafkaProducer<>(kafka(), new StringSerializer(), new ByteArraySerializer())) {
            serializer.configure(Map.of("schema.registry.url", server.endpoint()), false);
            TrainingJobStatus done = TrainingJobStatus.newBuilder().setEventId("s1").setOccurredAt(Instant.now())
                    .setRequestId(requestId).setModel("fraud_detector").setJobName("fw-" + requestId)
                    .setBackend("local").setState(TrainingState.SUCCEEDED).setMetrics(Map.of("auc", 0.9)).build();
            producer.send(new ProducerRecord<>(training, requestId, serializer.serialize(training, done))).get();
        }

        // when
        assertThat(run("train", "fraud_detector", "-f", example().toString(), "--id", "retrain-1", "--json"))
                .as(cli.err()).isZero();
        JsonNode first = new ObjectMapper().readTree(cli.out());
        assertThat(run("train", "fraud_detector", "-f", example().toString(), "--id", "retrain-1", "--wait",
                "--timeout", "60")).as(cli.err()).isZero();

        // then
        assertThat(first.get("request_id").asText()).isEqualTo(requestId);
        assertThat(cli.out()).contains("request " + requestId, "SUCCEEDED", "job fw-" + requestId);
        assertThat(requestsOn(training)).containsExactly(requestId, requestId);
    }

    /** The keys of the TrainingRequested events on the topic. */
    private List<String> requestsOn(String topic) {
        List<String> keys = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers",
                KafkaFixture.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    String text = new String(record.value(), StandardCharsets.ISO_8859_1);
                    if (text.contains("requested by")) {
                        keys.add(new String(record.key(), StandardCharsets.UTF_8));
                    }
                });
            }
        }
        return keys;
    }

    @Test
    void shouldPassTheKafkaAndRegistryChecks() {
        run("doctor", "--timeout", "2");

        assertThat(cli.out()).containsPattern("OK +kafka .*cluster .*1 broker")
                .containsPattern("OK +registry .*subjects");
    }

    private static Path example() throws Exception {
        return Path.of(InspectCommandsIT.class.getResource("/flywheel.yaml").toURI());
    }
}
