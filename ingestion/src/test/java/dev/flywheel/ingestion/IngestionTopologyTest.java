package dev.flywheel.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.schemas.registry.SchemaRegistryException;
import dev.flywheel.schemas.serde.GenericAvroDeserializer;
import dev.flywheel.schemas.serde.GenericAvroSerializer;
import dev.flywheel.schemas.serde.SchemaRegistryAccessException;
import dev.flywheel.schemas.serde.SpecificAvroDeserializer;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.DlqRouting;
import dev.flywheel.topology.runtime.Lineage;
import dev.flywheel.topology.runtime.LineageHeaders;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The ingestion topology of one source in {@link TopologyTestDriver}, with explicit timestamps throughout. */
class IngestionTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final byte[] KEY = "card-1".getBytes(StandardCharsets.UTF_8);

    @TempDir
    java.nio.file.Path stateDir;

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AtomicBoolean registryDown = new AtomicBoolean();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(T0);
    private final GenericAvroSerializer producer = new GenericAvroSerializer(registry);
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], GenericRecord> valid;
    private TestOutputTopic<byte[], RejectedRecord> dlq;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Starts the driver with the V1 reader schema pinned, or reading each record in its writer schema. */
    private void start(boolean pinV1) {
        SourceSpec source = Txns.source(Optional.empty());
        SchemaRegistryClient flaky = flaky(registry);
        TopicCatalogue topics = TopicCatalogue.of(Txns.spec(source), FlywheelConfig.defaults(),
                new AvroTopicSerdes(registry, Map.of()));
        IngestionMetrics metrics = new IngestionMetrics(meters);
        DlqRouting routing = new DlqRouting("ingestion", topics::dlqFor,
                topics.dlq(Txns.SOURCE).valueSerde().serializer(), metrics, clock);
        GenericAvroDeserializer decoder = new GenericAvroDeserializer(flaky, pinV1 ? Txns.V1 : null);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "flywheel-ingestion-txns");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(IngestionTopology.buildTopology(source,
                SourceTopics.of(topics, Txns.SOURCE, decoder), routing, metrics, clock), props);
        input = driver.createInputTopic(Txns.SOURCE, new ByteArraySerializer(), new ByteArraySerializer());
        valid = driver.createOutputTopic("txns.valid", new ByteArrayDeserializer(), new GenericAvroDeserializer(registry));
        dlq = driver.createOutputTopic("txns.dlq", new ByteArrayDeserializer(),
                new SpecificAvroDeserializer<>(registry, RejectedRecord.class));
    }

    /** The registry, except that looking up a schema by id fails as an unreachable registry does while down. */
    private SchemaRegistryClient flaky(SchemaRegistryClient real) {
        return (SchemaRegistryClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
                    if (registryDown.get() && method.getName().equals("getSchemaById")) {
                        throw new SchemaRegistryException("connection refused", 0, 0);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private byte[] encode(GenericRecord record) {
        return producer.serialize(Txns.SOURCE, record);
    }

    private void pipe(byte[] value, Instant timestamp) {
        input.pipeInput(new TestRecord<>(KEY, value, timestamp));
    }

    private RejectedRecord onlyRejection() {
        List<RejectedRecord> rejected = dlq.readValuesToList();
        assertThat(rejected).hasSize(1);
        assertThat(valid.isEmpty()).isTrue();
        return rejected.get(0);
    }

    private double rejectedCount(String reason) {
        return meters.get(IngestionMetrics.REJECTED).tags("topic", Txns.SOURCE, "reason", reason).counter().count();
    }

    @Test
    void shouldForwardValidRecordWithLineageHeaders() {
        start(true);
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));

        input.pipeInput(new TestRecord<>(KEY, encode(Txns.v1("e-1", 10.0, "US", T0)), headers, T0.minusSeconds(1)));

        TestRecord<byte[], GenericRecord> out = valid.readRecord();
        assertThat(out.key()).isEqualTo(KEY);
        assertThat(out.value().get("id").toString()).isEqualTo("e-1");
        assertThat(out.timestamp()).isEqualTo(T0.minusSeconds(1).toEpochMilli());
        assertThat(out.headers().lastHeader("trace").value()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(LineageHeaders.read(out.headers())).contains(new Lineage(T0, Txns.SOURCE, 0, 0, List.of()));
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(meters.get(IngestionMetrics.ACCEPTED).tag("source", Txns.SOURCE).counter().count()).isEqualTo(1);
    }

    @Test
    void shouldRouteRecordWithWrongMagicByteToDlqWithItsCoordinatesAndBytes() {
        start(true);
        byte[] value = encode(Txns.v1("e-1", 10.0, "US", T0));
        value[0] = 1;
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));

        input.pipeInput(new TestRecord<>(KEY, value, headers, T0));

        RejectedRecord rejected = onlyRejection();
        assertThat(rejected.getReasonCode()).isEqualTo(ReasonCodes.WRONG_MAGIC_BYTE);
        assertThat(rejected.getSourceTopic()).isEqualTo(Txns.SOURCE);
        assertThat(rejected.getPartition()).isZero();
        assertThat(rejected.getOffset()).isZero();
        assertThat(rejected.getTimestamp()).isEqualTo(T0);
        assertThat(bytes(rejected.getKey())).isEqualTo(KEY);
        assertThat(bytes(rejected.getValue())).isEqualTo(value);
        assertThat(rejected.getHeaders()).singleElement().satisfies(h -> assertThat(h.getKey()).isEqualTo("trace"));
        assertThat(rejected.getMessage()).contains("magic");
        assertThat(rejected.getSchemaId()).isNull();
        assertThat(rejected.getStage()).isEqualTo("ingestion");
        assertThat(rejected.getOccurredAt()).isEqualTo(T0);
        assertThat(rejectedCount(ReasonCodes.WRONG_MAGIC_BYTE)).isEqualTo(1);
    }

    @Test
    void shouldRouteRecordWithUnknownSchemaIdToDlqWithTheId() {
        start(true);
        byte[] value = encode(Txns.v1("e-1", 10.0, "US", T0));
        ByteBuffer.wrap(value).putInt(1, 4242);

        pipe(value, T0);

        RejectedRecord rejected = onlyRejection();
        assertThat(rejected.getReasonCode()).isEqualTo(ReasonCodes.UNKNOWN_SCHEMA_ID);
        assertThat(rejected.getSchemaId()).isEqualTo(4242);
        assertThat(rejected.getMessage()).contains("4242");
        assertThat(rejectedCount(ReasonCodes.UNKNOWN_SCHEMA_ID)).isEqualTo(1);
    }

    @Test
    void shouldRouteTruncatedRecordToDlq() {
        start(true);
        byte[] value = encode(Txns.v1("e-1", 10.0, "US", T0));

        pipe(Arrays.copyOf(value, value.length - 4), T0);
        pipe(new byte[] {0, 0, 0}, T0);

        assertThat(dlq.readValuesToList()).extracting(RejectedRecord::getReasonCode)
                .containsExactly(ReasonCodes.TRUNCATED, ReasonCodes.TRUNCATED);
        assertThat(rejectedCount(ReasonCodes.TRUNCATED)).isEqualTo(2);
    }

    @Test
    void shouldRouteRecordWithTrailingBytesToDlqAsCorruptBody() {
        start(true);
        byte[] value = encode(Txns.v1("e-1", 10.0, "US", T0));

        pipe(Arrays.copyOf(value, value.length + 3), T0);

        RejectedRecord rejected = onlyRejection();
        assertThat(rejected.getReasonCode()).isEqualTo(ReasonCodes.CORRUPT_BODY);
        assertThat(rejected.getSchemaId()).isEqualTo(registry.getId("txns-value", Txns.V1));
    }

    @Test
    void shouldRouteCorruptBodiesToDlqAlsoWhileTheirSchemaIsDecodedThroughTheProjection() {
        // given no pinned reader schema, and a first valid V2 record: later V2 records are forwarded as they came
        // and decoded through the projection, which skips 'channel' (no rule reads it)
        start(false);
        pipe(encode(Txns.v2("e-1", 10.0, "US", T0, "web")), T0);
        byte[] good = encode(Txns.v2("e-2", 11.0, "DE", T0, "app"));
        byte[] truncatedInSkippedField = Arrays.copyOf(good, good.length - 2);
        byte[] trailing = Arrays.copyOf(good, good.length + 3);
        byte[] negativeLengthOfSkippedField = good.clone();
        negativeLengthOfSkippedField[good.length - 4] = 5; // zig-zag -3 where "app" says 3

        // when
        pipe(truncatedInSkippedField, T0);
        pipe(trailing, T0);
        pipe(negativeLengthOfSkippedField, T0);
        pipe(encode(Txns.v2("e-3", 1000.5, "US", T0, "app")), T0);
        pipe(good, T0);

        // then
        assertThat(dlq.readValuesToList()).extracting(RejectedRecord::getReasonCode).containsExactly(
                ReasonCodes.TRUNCATED, ReasonCodes.CORRUPT_BODY, ReasonCodes.CORRUPT_BODY, ReasonCodes.CONTRACT_RANGE);
        List<GenericRecord> out = valid.readValuesToList();
        assertThat(out).extracting(r -> r.get("id").toString()).containsExactly("e-1", "e-2");
        assertThat(out.get(1).get("channel").toString()).isEqualTo("app");
    }

    @Test
    void shouldRouteRecordTheReaderSchemaCannotReadToDlqAsIncompatible() {
        start(true);
        int incompatibleId = registry.register("elsewhere-value", Txns.INCOMPATIBLE);
        byte[] value = new GenericAvroSerializer(registry).serialize("elsewhere", Txns.incompatible("e-1", T0));

        pipe(value, T0);

        RejectedRecord rejected = onlyRejection();
        assertThat(rejected.getReasonCode()).isEqualTo(ReasonCodes.INCOMPATIBLE_SCHEMA);
        assertThat(rejected.getSchemaId()).isEqualTo(incompatibleId);
        assertThat(rejected.getMessage()).contains("amount");
    }

    @Test
    void shouldRouteNullValueToDlq() {
        start(true);

        pipe(null, T0);

        RejectedRecord rejected = onlyRejection();
        assertThat(rejected.getReasonCode()).isEqualTo(ReasonCodes.NULL_VALUE);
        assertThat(rejected.getValue()).isNull();
        assertThat(rejected.getMessage()).contains("no value");
        assertThat(rejectedCount(ReasonCodes.NULL_VALUE)).isEqualTo(1);
    }

    @Test
    void shouldRouteMissingRequiredFieldToDlqNamingTheField() {
        start(false);
        Schema noAmount = org.apache.avro.SchemaBuilder.record("Txn").namespace("dev.flywheel.test").fields()
                .requiredString("id").requiredString("country").requiredLong("ts").endRecord();
        GenericRecord record = new org.apache.avro.generic.GenericData.Record(noAmount);
        record.put("id", "e-1");
        record.put("country", "US");
        record.put("ts", T0.toEpochMilli());

        pipe(new GenericAvroSerializer(registry).serialize("other", record), T0);

        RejectedRecord rejected = onlyRejection();
        assertThat(rejected.getReasonCode()).isEqualTo(ReasonCodes.CONTRACT_REQUIRED);
        assertThat(rejected.getField()).isEqualTo("amount");
        assertThat(rejectedCount(ReasonCodes.CONTRACT_REQUIRED)).isEqualTo(1);
    }

    @Test
    void shouldRouteNullRequiredFieldToDlq() {
        assertContractRejection(Txns.v1("e-1", 10.0, null, T0), ReasonCodes.CONTRACT_REQUIRED, "country",
                "country: found null or missing, expected a value (required)");
    }

    @Test
    void shouldRouteAmountOutOfRangeToDlq() {
        assertContractRejection(Txns.v1("e-1", 1000.5, "US", T0), ReasonCodes.CONTRACT_RANGE, "amount",
                "amount: found 1000.5, expected at most 1000");
    }

    @Test
    void shouldRouteCountryNotAllowedToDlq() {
        assertContractRejection(Txns.v1("e-1", 10.0, "FR", T0), ReasonCodes.CONTRACT_ALLOWED, "country",
                "country: found 'FR', expected one of [US, DE]");
    }

    @Test
    void shouldRouteIdNotMatchingPatternToDlq() {
        assertContractRejection(Txns.v1("x-1", 10.0, "US", T0), ReasonCodes.CONTRACT_PATTERN, "id",
                "id: found 'x-1', expected a match of the whole pattern 'e-[0-9]+'");
    }

    @Test
    void shouldRouteIdTooLongToDlq() {
        assertContractRejection(Txns.v1("e-12345678901", 10.0, "US", T0), ReasonCodes.CONTRACT_LENGTH, "id",
                "id: found length 13 ('e-12345678901'), expected at most 12");
    }

    @Test
    void shouldRouteEventTimeTooFarInTheFutureToDlq() {
        assertContractRejection(Txns.v1("e-1", 10.0, "US", T0.plus(Txns.MAX_FUTURE_SKEW).plusMillis(1)),
                ReasonCodes.EVENT_TIME_FUTURE, null, "event time 2026-03-01T12:05:00.001Z");
    }

    @Test
    void shouldRouteEventTimeTooOldToDlq() {
        assertContractRejection(Txns.v1("e-1", 10.0, "US", T0.minus(Txns.MAX_AGE).minusMillis(1)),
                ReasonCodes.EVENT_TIME_TOO_OLD, null, "event time 2026-02-28T11:59:59.999Z");
    }

    @Test
    void shouldGiveFirstViolationAsReasonAndEveryViolationInTheMessage() {
        assertContractRejection(Txns.v1("e-1", -1, "FR", T0), ReasonCodes.CONTRACT_RANGE, "amount",
                "amount: found -1.0, expected at least 0; country: found 'FR', expected one of [US, DE]");
    }

    private void assertContractRejection(GenericRecord record, String reason, String field, String message) {
        start(true);
        byte[] value = encode(record);

        pipe(value, T0);

        RejectedRecord rejected = onlyRejection();
        assertThat(rejected.getReasonCode()).isEqualTo(reason);
        assertThat(rejected.getField()).isEqualTo(field);
        assertThat(rejected.getMessage()).startsWith(message);
        assertThat(bytes(rejected.getValue())).isEqualTo(value);
        assertThat(rejected.getSchemaId()).isEqualTo(registry.getId("txns-value", Txns.V1));
        assertThat(rejectedCount(reason)).isEqualTo(1);
    }

    @Test
    void shouldLogEachRejectionWithItsCoordinates() {
        Logger logger = (Logger) LoggerFactory.getLogger(DlqRouting.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            start(true);
            pipe(new byte[] {7, 7, 7, 7, 7, 7}, T0);
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(appender.list).singleElement().satisfies(event ->
                assertThat(event.getFormattedMessage()).contains("txns-0@0", ReasonCodes.WRONG_MAGIC_BYTE));
    }

    @Test
    void shouldKeepProcessingAfterBadRecords() {
        start(true);

        pipe(new byte[] {1, 2, 3}, T0);
        pipe(encode(Txns.v1("e-1", 10.0, "FR", T0)), T0);
        pipe(encode(Txns.v1("e-2", 10.0, "US", T0)), T0);

        assertThat(dlq.readValuesToList()).hasSize(2);
        assertThat(valid.readValuesToList()).singleElement()
                .satisfies(r -> assertThat(r.get("id").toString()).isEqualTo("e-2"));
    }

    @Test
    void shouldDropDuplicateWithinTheWindowAndCountIt() {
        start(true);

        pipe(encode(Txns.v1("e-1", 10.0, "US", T0)), T0);
        pipe(encode(Txns.v1("e-1", 10.0, "US", T0)), T0.plus(Txns.DEDUPE_WINDOW).minusMillis(1));

        assertThat(valid.readValuesToList()).hasSize(1);
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(meters.get(IngestionMetrics.DUPLICATES).tag("source", Txns.SOURCE).counter().count()).isEqualTo(1);
        WindowStore<String, Long> store = driver.getWindowStore(IngestionTopology.dedupeStoreName(
                Txns.source(Optional.empty())));
        assertThat(store.fetch("e-1", T0.toEpochMilli())).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void shouldAcceptSameEventIdAgainOnceTheWindowHasPassed() {
        start(true);

        pipe(encode(Txns.v1("e-1", 10.0, "US", T0)), T0);
        pipe(encode(Txns.v1("e-1", 10.0, "US", T0)), T0.plus(Txns.DEDUPE_WINDOW));

        assertThat(valid.readValuesToList()).hasSize(2);
        assertThat(meters.find(IngestionMetrics.DUPLICATES).counter()).isNull();
    }

    @Test
    void shouldNotTreatDifferentEventIdsAsDuplicates() {
        start(true);

        pipe(encode(Txns.v1("e-1", 10.0, "US", T0)), T0);
        pipe(encode(Txns.v1("e-2", 10.0, "US", T0)), T0);

        assertThat(valid.readValuesToList()).hasSize(2);
    }

    @Test
    void shouldProjectNewerWriterSchemaOntoPinnedReaderSchema() {
        start(true);

        pipe(encode(Txns.v1("e-1", 10.0, "US", T0)), T0);
        pipe(encode(Txns.v2("e-2", 10.0, "US", T0, "app")), T0);

        List<GenericRecord> out = valid.readValuesToList();
        assertThat(out).hasSize(2);
        assertThat(out).allSatisfy(r -> assertThat(r.getSchema()).isEqualTo(Txns.V1));
        assertThat(registry.getVersions("txns.valid-value")).hasSize(1);
    }

    @Test
    void shouldCarryWriterSchemaWhenNoReaderSchemaIsPinned() {
        start(false);

        pipe(encode(Txns.v1("e-1", 10.0, "US", T0)), T0);
        pipe(encode(Txns.v2("e-2", 10.0, "US", T0, "app")), T0);

        List<GenericRecord> out = valid.readValuesToList();
        assertThat(out).extracting(GenericRecord::getSchema).containsExactly(Txns.V1, Txns.V2);
        assertThat(out.get(1).get("channel").toString()).isEqualTo("app");
    }

    @Test
    void shouldForwardTheProducersOwnBytesWhenReadInTheWriterSchema() {
        // given no pinned reader schema: re-encoding would give the same bytes
        start(false);
        TestOutputTopic<byte[], byte[]> rawValid = driver.createOutputTopic("txns.valid", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        byte[] first = encode(Txns.v1("e-1", 10.0, "US", T0));
        byte[] second = encode(Txns.v1("e-2", 11.0, "DE", T0));
        byte[] newer = encode(Txns.v2("e-3", 12.0, "US", T0, "app"));

        // when
        pipe(first, T0);
        pipe(second, T0);
        pipe(newer, T0);

        // then the values are the input bytes, and each writer schema is registered for the valid topic as before
        assertThat(rawValid.readValuesToList()).containsExactly(first, second, newer);
        assertThat(registry.getVersions("txns.valid-value")).hasSize(2);
    }

    @Test
    void shouldReencodeRecordsThatThePinnedReaderSchemaProjects() {
        // given V1 pinned: a V1 record passes as it came, a V2 record is rewritten in V1
        start(true);
        TestOutputTopic<byte[], byte[]> rawValid = driver.createOutputTopic("txns.valid", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        byte[] v1 = encode(Txns.v1("e-1", 10.0, "US", T0));
        byte[] v2 = encode(Txns.v2("e-2", 11.0, "DE", T0, "app"));
        byte[] v2Again = encode(Txns.v2("e-3", 12.0, "US", T0, "web"));

        // when
        pipe(v1, T0);
        pipe(v2, T0);
        pipe(v2Again, T0);

        // then
        List<byte[]> out = rawValid.readValuesToList();
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isEqualTo(v1);
        assertThat(out.get(1)).isNotEqualTo(v2);
        assertThat(out.get(2)).isNotEqualTo(v2Again);
        GenericAvroDeserializer reader = new GenericAvroDeserializer(registry);
        assertThat(out).extracting(bytes -> reader.deserialize("txns.valid", bytes).getSchema())
                .containsOnly(Txns.V1);
        assertThat(reader.deserialize("txns.valid", out.get(2)).get("id").toString()).isEqualTo("e-3");
    }

    @Test
    void shouldFailRatherThanRejectWhileTheRegistryIsOutOfReach() {
        start(true);
        byte[] value = encode(Txns.v1("e-1", 10.0, "US", T0));
        registryDown.set(true);

        Throwable failure = catchThrowable(() -> pipe(value, T0));

        assertThat(failure).hasRootCauseInstanceOf(SchemaRegistryException.class);
        assertThat(causes(failure)).anyMatch(SchemaRegistryAccessException.class::isInstance);
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(valid.isEmpty()).isTrue();
        assertThat(meters.find(IngestionMetrics.REJECTED).counters()).isEmpty();
    }

    @Test
    void shouldMeasureEventTimeBoundsFromTheClock() {
        start(true);
        Instant late = T0.plus(Duration.ofHours(2));

        pipe(encode(Txns.v1("e-1", 10.0, "US", late)), T0);
        clock.advance(Duration.ofHours(2));
        pipe(encode(Txns.v1("e-2", 10.0, "US", late)), T0);

        assertThat(dlq.readValuesToList()).extracting(RejectedRecord::getReasonCode)
                .containsExactly(ReasonCodes.EVENT_TIME_FUTURE);
        TestRecord<byte[], GenericRecord> accepted = valid.readRecord();
        assertThat(LineageHeaders.read(accepted.headers()).orElseThrow().ingestTime()).isEqualTo(late);
        assertThat(LineageHeaders.read(accepted.headers()).orElseThrow().sourceOffset()).isEqualTo(1);
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
