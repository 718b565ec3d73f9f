package dev.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.schemas.serde.SpecificAvroSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flywheel dlq list|replay} end to end on the real broker and schema registry. */
class DlqCommandIT {

    private static SchemaRegistryServer server;

    /** Created after {@link #start()}, once per test: every test has its own topic prefix. */
    private final InProcessCli cli = new InProcessCli(server.endpoint());

    @TempDir
    Path dir;


    @BeforeAll
    static void start() {
        server = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-dlq-cli-" + UUID.randomUUID()).port(0).build();
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


    /** Writes two rejected records of {@code source} to its DLQ. */
    private void givenDeadLetters(String source) throws Exception {
        String dlq = prefix() + source + ".dlq";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaFixture.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(dlq, 1, (short) 1), new NewTopic(source, 1, (short) 1))).all().get();
        }
        try (var serializer = new SpecificAvroSerializer<RejectedRecord>();
             var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                     KafkaFixture.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            serializer.configure(Map.of("schema.registry.url", server.endpoint()), false);
            int offset = 0;
            for (String reason : List.of(ReasonCodes.CONTRACT_RANGE, ReasonCodes.TRUNCATED)) {
                RejectedRecord record = RejectedRecord.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.parse("2026-11-30T10:00:00Z").plusSeconds(offset))
                        .setSourceTopic(source).setPartition(0).setOffset(offset)
                        .setValue(ByteBuffer.wrap(("v" + offset).getBytes(StandardCharsets.UTF_8)))
                        .setReasonCode(reason).setMessage("bad " + offset).setField(offset == 0 ? "amount" : null)
                        .build();
                producer.send(new ProducerRecord<>(dlq, serializer.serialize(dlq, record))).get();
                offset++;
            }
        }
    }

    @Test
    void shouldListAsTableAndJsonWithFilters() throws Exception {
        String source = "clicks-" + UUID.randomUUID().toString().substring(0, 6);
        givenDeadLetters(source);

        assertThat(run("dlq", "list", source)).as(cli.err()).isZero();
        assertThat(cli.out()).contains("CONTRACT_RANGE", "amount", "TRUNCATED", source + "/0/1",
                "2 of 2 matching records shown");

        assertThat(run("dlq", "list", source, "--reason", "TRUNCATED", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(cli.out());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("reason_code").asText()).isEqualTo("TRUNCATED");
        assertThat(json.get(0).get("value_base64").asText()).isEqualTo("djE=");

        assertThat(run("dlq", "list", source, "--from", "2026-11-30T10:00:01Z")).isZero();
        assertThat(cli.out()).contains("1 of 1 matching").doesNotContain("CONTRACT_RANGE");
    }

    @Test
    void shouldReplayOnceThenSkipAndSayWhy() throws Exception {
        String source = "views-" + UUID.randomUUID().toString().substring(0, 6);
        givenDeadLetters(source);

        assertThat(run("dlq", "replay", source, "--dry-run")).isZero();
        assertThat(cli.out()).contains("Would replay 2 of 2");

        assertThat(run("dlq", "replay", source)).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Replayed 2 records to {" + source + "=2}");

        assertThat(run("dlq", "replay", source)).isZero();
        assertThat(cli.out()).contains("Replayed 0 records", "2 matching records had been replayed before");

        assertThat(run("dlq", "replay", source, "--reason", "TRUNCATED", "--again")).isZero();
        assertThat(cli.out()).contains("Replayed 1 records");
    }

    @Test
    void shouldRefuseSourceTheSpecDoesNotDeclare() throws Exception {
        Path spec = Files.writeString(dir.resolve("flywheel.yaml"),
                "project: p\nsources:\n  - {name: orders, key: id}\n");

        assertThat(run("dlq", "list", "nope", "-f", spec.toString())).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(cli.err()).contains("No source 'nope'", "its sources are: orders");
    }

    @Test
    void shouldSayTheTopicIsMissing() {
        assertThat(run("dlq", "list", "ghost")).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(cli.err()).contains("flywheel: Topic " + prefix() + "ghost.dlq does not exist");
    }
}
