package dev.flywheel.topology.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.flywheel.schemas.events.RejectedRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DlqRoutingTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private final RejectionCounters counters = new RejectionCounters();
    private final DlqRouting routing = new DlqRouting("ingestion",
            topic -> topic.equals("transactions") ? Optional.of("transactions.dlq") : Optional.empty(),
            RejectedRecordSerde.serializer(), counters, Clock.fixed(NOW, ZoneOffset.UTC));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(DlqRouting.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private static ConsumerRecord<byte[], byte[]> badRecord(long offset) {
        byte[] value = {0, 0, 0, 0, 7, 1};
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("transactions", 1, offset,
                "card-1".getBytes(StandardCharsets.UTF_8), value);
        record.headers().add("trace", "t1".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void shouldRouteRejectedRecordWithCoordinatesReasonAndOriginalBytesToTheDlq() {
        ProducerRecord<byte[], byte[]> dlq = routing.route(Rejection.of(badRecord(42), "TRUNCATED", "body ends early"));

        assertThat(dlq.topic()).isEqualTo("transactions.dlq");
        assertThat(dlq.key()).isEqualTo("card-1".getBytes(StandardCharsets.UTF_8));
        assertThat(dlq.headers().lastHeader(DlqRouting.REASON_HEADER).value()).isEqualTo("TRUNCATED".getBytes(
                StandardCharsets.UTF_8));
        RejectedRecord rejected = RejectedRecordSerde.deserializer().deserialize(dlq.topic(), dlq.value());
        assertThat(rejected.getSourceTopic()).isEqualTo("transactions");
        assertThat(rejected.getPartition()).isEqualTo(1);
        assertThat(rejected.getOffset()).isEqualTo(42);
        assertThat(rejected.getReasonCode()).isEqualTo("TRUNCATED");
        assertThat(rejected.getMessage()).isEqualTo("body ends early");
        assertThat(rejected.getSchemaId()).isEqualTo(7);
        assertThat(rejected.getValue()).isEqualTo(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 7, 1}));
        assertThat(rejected.getHeaders()).singleElement().satisfies(h -> assertThat(h.getKey()).isEqualTo("trace"));
        assertThat(rejected.getStage()).isEqualTo("ingestion");
        assertThat(rejected.getOccurredAt()).isEqualTo(NOW);
        assertThat(rejected.getEventId()).isNotBlank();
    }

    @Test
    void shouldLogAndMeterEveryRejection() {
        routing.route(Rejection.of(badRecord(42), "TRUNCATED", "body ends early"));

        assertThat(counters.count("transactions", "TRUNCATED")).isEqualTo(1);
        assertThat(logs.list).singleElement().satisfies(event ->
                assertThat(event.getFormattedMessage()).contains("transactions-1@42", "reason=TRUNCATED"));
    }

    @Test
    void shouldRateLimitLogLinesButCountEveryRejection() {
        for (int offset = 0; offset < 100; offset++) {
            routing.route(Rejection.of(badRecord(offset), "TRUNCATED", "body ends early"));
        }

        assertThat(counters.count("transactions", "TRUNCATED")).isEqualTo(100);
        assertThat(logs.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)).hasSize(1);
    }

    @Test
    void shouldRefuseToDropRecordOfTopicWithoutDlq() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("other", 0, 5, null, null);

        assertThatThrownBy(() -> routing.route(Rejection.of(record, "TRUNCATED", "x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No dead-letter topic for other; refusing to drop other-0@5");
    }

    @Test
    void shouldLeaveSchemaIdEmptyForPayloadsThatAreNotWireFormat() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("transactions", 0, 1, null,
                "{json}".getBytes(StandardCharsets.UTF_8));

        RejectedRecord rejected = routing.toRejectedRecord(Rejection.of(record, "WRONG_MAGIC_BYTE", "x")
                .withField("amount"));

        assertThat(rejected.getSchemaId()).isNull();
        assertThat(rejected.getKey()).isNull();
        assertThat(rejected.getField()).isEqualTo("amount");
    }
}
