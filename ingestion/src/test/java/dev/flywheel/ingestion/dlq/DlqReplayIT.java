package dev.flywheel.ingestion.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.events.RecordHeader;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.schemas.serde.SpecificAvroSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Listing and replaying a dead-letter topic on the real broker, with DLQ records written through the
 * real schema registry: filters, exactly-once replay across runs, forced replay, undecodable DLQ records.
 */
class DlqReplayIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private static SchemaRegistryServer server;
    private static HttpSchemaRegistryClient registry;
    private static Admin admin;

    @BeforeAll
    static void start() {
        server = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-dlq-" + RUN).port(0).build();
        server.start();
        registry = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.endpoint()));
        admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        try {
            admin.close();
            registry.close();
        } finally {
            server.stop();
        }
    }

    private static String newSource() {
        return "orders-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Properties kafka() {
        Properties props = new Properties();
        props.put("bootstrap.servers", KafkaFixture.bootstrapServers());
        return props;
    }

    private static RejectedRecord rejected(String sourceTopic, long offset, String reason, Instant at, String value) {
        return RejectedRecord.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(at)
                .setSourceTopic(sourceTopic)
                .setPartition(0)
                .setOffset(offset)
                .setTimestamp(T0.minusSeconds(60 + offset))
                .setKey(ByteBuffer.wrap(("key-" + offset).getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)))
                .setHeaders(List.of(new RecordHeader("trace", ByteBuffer.wrap(new byte[] {1, 2}))))
                .setReasonCode(reason)
                .setMessage("because " + offset)
                .build();
    }

    /** Creates a source and a DLQ topic and writes the DLQ records, plus one raw undecodable record. */
    private static String[] topicsWith(String source, List<RejectedRecord> records) throws Exception {
        String dlq = source + ".dlq";
        admin.createTopics(List.of(new NewTopic(source, 1, (short) 1), new NewTopic(dlq, 1, (short) 1),
                new NewTopic(dlq + "-replays", 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all().get();
        try (var serializer = new SpecificAvroSerializer<RejectedRecord>(registry);
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     KafkaFixture.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            serializer.configure(Map.of("schema.registry.url", server.endpoint()), false);
            for (RejectedRecord record : records) {
                producer.send(new ProducerRecord<>(dlq, null, serializer.serialize(dlq, record))).get();
            }
            producer.send(new ProducerRecord<>(dlq, null, new byte[] {9, 9, 9})).get();
        }
        return new String[] {source, dlq, dlq + "-replays"};
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        Properties props = kafka();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // One more poll: anything beyond the expected count would be a duplicate.
            consumer.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

    @Test
    void shouldListByReasonAndTimeAndReportUndecodableRecords() throws Exception {
        // given
        String source = newSource();
        String[] topics = topicsWith(source, List.of(
                rejected(source, 0, ReasonCodes.CONTRACT_RANGE, T0, "a"),
                rejected(source, 1, ReasonCodes.WRONG_MAGIC_BYTE, T0.plusSeconds(60), "b"),
                rejected(source, 2, ReasonCodes.CONTRACT_RANGE, T0.plusSeconds(120), "c")));

        try (DlqReader reader = DlqReader.create(kafka(), registry, TIMEOUT)) {
            // when
            DlqReader.Listing all = reader.list(topics[1], DlqFilter.all(), 100);
            DlqReader.Listing range = reader.list(topics[1],
                    new DlqFilter(Set.of(ReasonCodes.CONTRACT_RANGE), Optional.of(T0.plusSeconds(1))), 100);
            DlqReader.Listing limited = reader.list(topics[1], DlqFilter.all(), 1);

            // then
            assertThat(all.entries()).extracting(e -> e.rejected().getMessage())
                    .containsExactly("because 0", "because 1", "because 2");
            assertThat(all.scanned()).isEqualTo(4);
            assertThat(all.unreadable()).containsExactly(topics[1] + "/0/3");
            assertThat(range.entries()).extracting(DlqEntry::offset).containsExactly(2L);
            assertThat(limited.entries()).hasSize(1);
            assertThat(limited.matched()).isEqualTo(3);
        }
    }

    @Test
    void shouldReplayOriginalsOnceAcrossRunsAndAgainOnlyWhenForced() throws Exception {
        // given three rejected records of the source topic
        String source = newSource();
        String[] topics = topicsWith(source, List.of(
                rejected(source, 0, ReasonCodes.CONTRACT_RANGE, T0, "a"),
                rejected(source, 1, ReasonCodes.CONTRACT_ALLOWED, T0, "b"),
                rejected(source, 2, ReasonCodes.CONTRACT_RANGE, T0, "c")));
        String dlq = topics[1];
        String replays = topics[2];
        try (DlqReader reader = DlqReader.create(kafka(), registry, TIMEOUT)) {
            List<DlqEntry> entries = reader.list(dlq, DlqFilter.all(), 100).entries();

            // when replayed twice, each time as a new run would: replayer first, then the bookkeeping read
            DlqReplayer.Report first = replayOnce(reader, dlq, replays, entries, false);
            DlqReplayer.Report second = replayOnce(reader, dlq, replays, entries, false);

            // then the first run re-submitted all three, the second none
            assertThat(first.replayed()).isEqualTo(3);
            assertThat(first.byTopic()).containsEntry(source, 3);
            assertThat(second.replayed()).isZero();
            assertThat(second.alreadyReplayed()).isEqualTo(3);
            List<ConsumerRecord<byte[], byte[]>> replayed = readAll(source, 3);
            assertThat(replayed).hasSize(3);
            ConsumerRecord<byte[], byte[]> firstRecord = replayed.get(0);
            assertThat(new String(firstRecord.key(), StandardCharsets.UTF_8)).isEqualTo("key-0");
            assertThat(new String(firstRecord.value(), StandardCharsets.UTF_8)).isEqualTo("a");
            assertThat(firstRecord.timestamp()).isEqualTo(T0.minusSeconds(60).toEpochMilli());
            assertThat(firstRecord.headers().lastHeader("trace").value()).containsExactly(1, 2);
            assertThat(new String(firstRecord.headers().lastHeader(DlqReplayer.REPLAY_OF_HEADER).value(),
                    StandardCharsets.UTF_8)).isEqualTo(dlq + "/0/0");

            // and a forced replay re-submits again
            DlqReplayer.Report forced = replayOnce(reader, dlq, replays, entries.subList(0, 1), true);
            assertThat(forced.replayed()).isEqualTo(1);
            assertThat(readAll(source, 4)).hasSize(4);
        }
    }

    /** One replay run: the replayer starts first, so any transaction of an earlier run is complete. */
    private static DlqReplayer.Report replayOnce(DlqReader reader, String dlq, String replays, List<DlqEntry> entries,
                                                 boolean again) {
        try (DlqReplayer replayer = DlqReplayer.create(kafka(), dlq, TIMEOUT)) {
            return replayer.replay(entries, reader.replayedIds(replays), replays, again);
        }
    }

    @Test
    void shouldNameMissingTopic() {
        try (DlqReader reader = DlqReader.create(kafka(), registry, TIMEOUT)) {
            assertThatThrownBy(() -> reader.list("no-such-" + RUN + ".dlq", DlqFilter.all(), 10))
                    .isInstanceOf(DlqException.class).hasMessageContaining("does not exist");
            assertThat(reader.replayedIds("no-such-replays-" + RUN)).isEmpty();
        }
    }
}
