package dev.flywheel.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.events.BinContribution;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftKind;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.events.Severity;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.schemas.registry.SchemaMetadata;
import dev.flywheel.schemas.serde.AvroDeserializer;
import dev.flywheel.schemas.serde.AvroSerdeConfig;
import dev.flywheel.schemas.serde.AvroSerializer;
import dev.flywheel.schemas.serde.CorruptPayloadException;
import dev.flywheel.schemas.serde.GenericAvroDeserializer;
import dev.flywheel.schemas.serde.GenericAvroSerializer;
import dev.flywheel.schemas.serde.InvalidPayloadException;
import dev.flywheel.schemas.serde.SpecificAvroDeserializer;
import dev.flywheel.schemas.serde.SpecificAvroSerializer;
import dev.flywheel.schemas.serde.TruncatedPayloadException;
import dev.flywheel.schemas.serde.UnknownSchemaIdException;
import dev.flywheel.schemas.serde.WireFormat;
import dev.flywheel.schemas.serde.WrongMagicByteException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RecordDeserializationException.DeserializationExceptionOrigin;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wire-format serdes of {@code schemas/} against the real broker and the real registry: every record
 * goes through a {@link KafkaProducer}, the shared in-process broker and a {@link KafkaConsumer}, and every
 * schema through {@link SchemaRegistryServer} over HTTP. The serdes are named by class in the client
 * configuration, as an application would, so Kafka builds and configures them (and their registry client).
 * One registry for the class, on a {@code _schemas} topic of its own; every test writes to topics of its own.
 */
class SerdeRoundTripIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static final Schema ORDER = SchemaBuilder.record("Order").namespace("dev.flywheel.it.serde").fields()
            .requiredString("id")
            .requiredDouble("amount")
            .name("tags").type().array().items().stringType().arrayDefault(List.of())
            .name("attributes").type().map().values().longType().mapDefault(Map.of())
            .name("note").type().optional().stringType()
            .endRecord();

    /** {@link #ORDER} plus a defaulted field: a BACKWARD-compatible second version. */
    private static final Schema ORDER_WITH_CURRENCY = SchemaBuilder.record("Order").namespace("dev.flywheel.it.serde")
            .fields()
            .requiredString("id")
            .requiredDouble("amount")
            .name("tags").type().array().items().stringType().arrayDefault(List.of())
            .name("attributes").type().map().values().longType().mapDefault(Map.of())
            .name("note").type().optional().stringType()
            .name("currency").type().stringType().stringDefault("EUR")
            .endRecord();

    private static final Schema ORDER_KEY = SchemaBuilder.record("OrderKey").namespace("dev.flywheel.it.serde").fields()
            .requiredString("id")
            .requiredString("region")
            .endRecord();

    private static final Schema PAYMENT = SchemaBuilder.record("Payment").namespace("dev.flywheel.it.serde").fields()
            .requiredString("id")
            .requiredLong("cents")
            .endRecord();

    private static SchemaRegistryServer server;
    private static HttpSchemaRegistryClient registry;
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> rawProducer;

    @BeforeAll
    static void startRegistryAndClients() {
        server = SchemaRegistryServer.builder()
                .bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-serde-round-trip-" + RUN)
                .port(0)
                .build();
        server.start();
        // No latest-version cache, so the test sees what the serializers registered at once.
        registry = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.endpoint()).withLatestCacheTtl(Duration.ZERO));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()));
        rawProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopRegistryAndClients() {
        try {
            if (rawProducer != null) {
                rawProducer.close();
            }
            if (admin != null) {
                admin.close();
            }
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
    void shouldRoundTripGenericRecordValueAndRegisterItUnderTopicValueSubject() throws Exception {
        // given
        String topic = newTopic("generic-value");
        GenericRecord order = order("o-1", 12.5);

        // when
        produce(producerConfig(StringSerializer.class, GenericAvroSerializer.class, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true),
                new ProducerRecord<>(topic, "o-1", order));

        // then
        ConsumerRecord<String, GenericRecord> read = single(
                consume(topic, consumerConfig(StringDeserializer.class, GenericAvroDeserializer.class)));
        assertThat(read.key()).isEqualTo("o-1");
        assertThat(read.value()).isEqualTo(order);
        assertThat(read.value().getSchema()).isEqualTo(ORDER);
        SchemaMetadata registered = registry.getLatest(topic + "-value");
        assertThat(registered.version()).isEqualTo(1);
        assertThat(registered.avroSchema()).isEqualTo(ORDER);
        assertThat(schemaIdOf(rawValue(topic))).isEqualTo(registered.id());
        assertThat(registry.getSchemaById(registered.id())).isEqualTo(ORDER);
    }

    @Test
    void shouldRoundTripGeneratedEventValueWithAvroStringKey() throws Exception {
        // given
        String topic = newTopic("specific-value");
        DriftDetected event = driftDetected("e-1");

        // when
        produce(producerConfig(AvroSerializer.class, SpecificAvroSerializer.class),
                new ProducerRecord<Object, DriftDetected>(topic, "card_spend_drift", event));

        // then
        ConsumerRecord<Object, DriftDetected> read = single(
                consume(topic, consumerConfig(AvroDeserializer.class, SpecificAvroDeserializer.class)));
        assertThat(read.key()).isInstanceOf(String.class).isEqualTo("card_spend_drift");
        assertThat(read.value()).isInstanceOf(DriftDetected.class).isEqualTo(event);
        assertThat(read.value().getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(read.value().getTopBins().get(0).getContribution()).isEqualTo(0.22);
        ConsumerRecord<byte[], byte[]> raw = rawRecord(topic);
        SchemaMetadata keySubject = registry.getLatest(topic + "-key");
        SchemaMetadata valueSubject = registry.getLatest(topic + "-value");
        assertThat(keySubject.avroSchema()).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(valueSubject.avroSchema()).isEqualTo(DriftDetected.getClassSchema());
        assertThat(schemaIdOf(raw.key())).isEqualTo(keySubject.id());
        assertThat(schemaIdOf(raw.value())).isEqualTo(valueSubject.id());
    }

    @Test
    void shouldRoundTripTopLevelBytesSchemaWrittenRawAfterTheHeader() throws Exception {
        // given: content that starts like a wire-format header, so a misread would show
        String topic = newTopic("bytes-value");
        byte[] content = {0x00, 0x00, 0x00, 0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xff, 0x2a};
        ByteBuffer sent = ByteBuffer.wrap(content);

        // when
        produce(producerConfig(StringSerializer.class, AvroSerializer.class),
                new ProducerRecord<String, Object>(topic, "blob", sent));

        // then
        ConsumerRecord<String, Object> read = single(
                consume(topic, consumerConfig(StringDeserializer.class, AvroDeserializer.class)));
        assertThat(read.value()).isInstanceOf(byte[].class);
        assertThat(ByteBuffer.wrap((byte[]) read.value())).as("content read back, and the sent buffer not consumed")
                .isEqualTo(sent);
        SchemaMetadata registered = registry.getLatest(topic + "-value");
        assertThat(registered.avroSchema()).isEqualTo(Schema.create(Schema.Type.BYTES));
        byte[] payload = rawValue(topic);
        assertThat(schemaIdOf(payload)).isEqualTo(registered.id());
        assertThat(Arrays.copyOfRange(payload, WireFormat.HEADER_SIZE, payload.length))
                .as("a top-level bytes value carries no Avro length prefix, as Confluent's Java serializer writes it")
                .containsExactly(content);
    }

    @Test
    void shouldRoundTripGenericRecordKeyAndRegisterItUnderTopicKeySubject() throws Exception {
        // given
        String topic = newTopic("generic-key");
        GenericRecord key = new GenericData.Record(ORDER_KEY);
        key.put("id", "o-7");
        key.put("region", "eu-west");

        // when
        produce(producerConfig(GenericAvroSerializer.class, StringSerializer.class), new ProducerRecord<>(topic, key, "payload"));

        // then
        ConsumerRecord<GenericRecord, String> read = single(
                consume(topic, consumerConfig(GenericAvroDeserializer.class, StringDeserializer.class)));
        assertThat(read.key()).isEqualTo(key);
        assertThat(read.value()).isEqualTo("payload");
        SchemaMetadata registered = registry.getLatest(topic + "-key");
        assertThat(registered.avroSchema()).isEqualTo(ORDER_KEY);
        assertThat(schemaIdOf(rawRecord(topic).key())).isEqualTo(registered.id());
        assertThat(registry.getAllSubjects()).doesNotContain(topic + "-value");
    }

    @Test
    void shouldRegisterOneSubjectPerEventTypeUnderTopicRecordNameStrategy() throws Exception {
        // given: two event types on one topic, as on flywheel.drift
        String topic = newTopic("topic-record-name");
        DriftDetected detected = driftDetected("e-1");
        DriftResolved resolved = driftResolved("e-2", "e-1");

        // when
        produce(producerConfig(StringSerializer.class, SpecificAvroSerializer.class,
                        AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy"),
                new ProducerRecord<String, SpecificRecord>(topic, "m", detected),
                new ProducerRecord<String, SpecificRecord>(topic, "m", resolved));

        // then
        List<ConsumerRecord<String, SpecificRecord>> read = consume(topic,
                consumerConfig(StringDeserializer.class, SpecificAvroDeserializer.class), 2);
        assertThat(read).extracting(ConsumerRecord::value).containsExactly(detected, resolved);
        String detectedSubject = topic + "-" + DriftDetected.getClassSchema().getFullName();
        String resolvedSubject = topic + "-" + DriftResolved.getClassSchema().getFullName();
        assertThat(registry.getAllSubjects()).filteredOn(subject -> subject.startsWith(topic))
                .containsExactlyInAnyOrder(detectedSubject, resolvedSubject);
        List<ConsumerRecord<byte[], byte[]>> raw = consume(topic, consumerConfig(ByteArrayDeserializer.class,
                ByteArrayDeserializer.class), 2);
        assertThat(schemaIdOf(raw.get(0).value())).isEqualTo(registry.getLatest(detectedSubject).id());
        assertThat(schemaIdOf(raw.get(1).value())).isEqualTo(registry.getLatest(resolvedSubject).id());
    }

    @Test
    void shouldShareOneRecordNameSubjectAcrossTopicsUnderRecordNameStrategy() throws Exception {
        // given
        String first = newTopic("record-name-a");
        String second = newTopic("record-name-b");
        GenericRecord payment = new GenericData.Record(PAYMENT);
        payment.put("id", "p-1");
        payment.put("cents", 1_999L);
        Map<String, Object> config = producerConfig(StringSerializer.class, GenericAvroSerializer.class,
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "RecordNameStrategy");

        // when
        produce(config, new ProducerRecord<>(first, "p-1", payment));
        produce(config, new ProducerRecord<>(second, "p-1", payment));

        // then
        assertThat(single(consume(first, consumerConfig(StringDeserializer.class, GenericAvroDeserializer.class))).value())
                .isEqualTo(payment);
        String subject = PAYMENT.getFullName();
        SchemaMetadata registered = registry.getLatest(subject);
        assertThat(registry.getVersions(subject)).containsExactly(1);
        assertThat(schemaIdOf(rawValue(first))).isEqualTo(registered.id());
        assertThat(schemaIdOf(rawValue(second))).isEqualTo(registered.id());
        assertThat(registry.getAllSubjects()).doesNotContain(first + "-value", second + "-value");
    }

    @Test
    void shouldWriteWithLatestRegisteredVersionWhenAutoRegisterIsOffAndUseLatestIsOn() throws Exception {
        // given: two versions registered by hand; the record is of the first
        String topic = newTopic("use-latest");
        String subject = topic + "-value";
        int firstId = registry.register(subject, ORDER);
        int latestId = registry.register(subject, ORDER_WITH_CURRENCY);
        assertThat(latestId).isNotEqualTo(firstId);

        // when
        produce(producerConfig(StringSerializer.class, GenericAvroSerializer.class,
                        AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false, AvroSerdeConfig.USE_LATEST_VERSION, true),
                new ProducerRecord<>(topic, "o-2", order("o-2", 3.0)));

        // then
        assertThat(schemaIdOf(rawValue(topic))).isEqualTo(latestId);
        ConsumerRecord<String, GenericRecord> record = single(
                consume(topic, consumerConfig(StringDeserializer.class, GenericAvroDeserializer.class)));
        GenericRecord read = record.value();
        assertThat(read.getSchema()).isEqualTo(ORDER_WITH_CURRENCY);
        assertThat(read.get("id").toString()).isEqualTo("o-2");
        assertThat(read.get("amount")).isEqualTo(3.0);
        assertThat(read.get("currency").toString()).as("the latest version's default").isEqualTo("EUR");
        assertThat(registry.getVersions(subject)).as("nothing registered by the serializer").containsExactly(1, 2);
    }

    @Test
    void shouldFailWithWrongMagicByteWhenPayloadDoesNotStartWithZero() throws Exception {
        // given
        String topic = newTopic("corrupt-magic");
        produceRaw(topic, new byte[] {0x01, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61});

        // when
        InvalidPayloadException error = invalidValuePayload(topic);

        // then
        assertThat(error).isInstanceOf(WrongMagicByteException.class)
                .hasMessageContaining("Unknown magic byte 0x01 in a record of topic '" + topic + "'")
                .hasMessageContaining("expected 0x00");
        assertThat(((WrongMagicByteException) error).found()).isEqualTo((byte) 0x01);
        assertThat(error.reasonCode()).isEqualTo(ReasonCodes.WRONG_MAGIC_BYTE);
        assertThat(error.schemaId()).isEmpty();
    }

    @Test
    void shouldFailWithUnknownSchemaIdWhenRegistryHasNoSuchId() throws Exception {
        // given: ids are handed out from 1 upwards, so this one is never registered here
        String topic = newTopic("corrupt-unknown-id");
        int unknownId = 987_654_321;
        produceRaw(topic, ByteBuffer.allocate(7).put(WireFormat.MAGIC_BYTE).putInt(unknownId).put((byte) 0x02)
                .put((byte) 0x61).array());

        // when
        InvalidPayloadException error = invalidValuePayload(topic);

        // then
        assertThat(error).isInstanceOf(UnknownSchemaIdException.class)
                .hasMessageContaining("Unknown schema id " + unknownId + " in a record of topic '" + topic + "'")
                .hasMessageContaining("schema registry " + server.endpoint() + " has no schema with this id");
        assertThat(error.reasonCode()).isEqualTo(ReasonCodes.UNKNOWN_SCHEMA_ID);
        assertThat(error.schemaId()).hasValue(unknownId);
        assertThat(error.topic()).isEqualTo(topic);
    }

    @Test
    void shouldFailWithTruncatedPayloadWhenHeaderIsShorterThanFiveBytes() throws Exception {
        // given
        String topic = newTopic("corrupt-short-header");
        produceRaw(topic, new byte[] {0x00, 0x00, 0x01});

        // when
        InvalidPayloadException error = invalidValuePayload(topic);

        // then
        assertThat(error).isInstanceOf(TruncatedPayloadException.class)
                .hasMessageContaining("Truncated record in topic '" + topic + "'")
                .hasMessageContaining("payload has 3 bytes; the wire format needs at least 5");
        assertThat(error.reasonCode()).isEqualTo(ReasonCodes.TRUNCATED);
        assertThat(error.schemaId()).isEmpty();
    }

    @Test
    void shouldFailWithTruncatedPayloadWhenBodyEndsEarly() throws Exception {
        // given: a valid record cut inside its double field (header, "o-3" in 4 bytes, 2 of the 8 double bytes)
        String topic = newTopic("corrupt-truncated-body");
        byte[] valid = validOrderPayload(topic);
        int id = schemaIdOf(valid);
        produceRaw(topic, Arrays.copyOf(valid, WireFormat.HEADER_SIZE + 4 + 2));

        // when
        InvalidPayloadException error = invalidValuePayload(topic);

        // then
        assertThat(error).isInstanceOf(TruncatedPayloadException.class)
                .hasMessageContaining("Truncated record in topic '" + topic + "', schema id " + id)
                .hasMessageContaining("a double needs 8 bytes, only 2")
                .hasMessageContaining(ORDER.getFullName());
        assertThat(error.reasonCode()).isEqualTo(ReasonCodes.TRUNCATED);
        assertThat(error.schemaId()).hasValue(id);
    }

    @Test
    void shouldFailWithCorruptPayloadWhenBytesAreLeftOverAfterTheRecord() throws Exception {
        // given
        String topic = newTopic("corrupt-trailing-bytes");
        byte[] valid = validOrderPayload(topic);
        int id = schemaIdOf(valid);
        byte[] withTrailing = Arrays.copyOf(valid, valid.length + 2);

        produceRaw(topic, withTrailing);

        // when
        InvalidPayloadException error = invalidValuePayload(topic);

        // then
        assertThat(error).isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("Corrupt record in topic '" + topic + "', schema id " + id)
                .hasMessageContaining("does not match writer schema " + ORDER.getFullName())
                .hasMessageContaining("2 bytes left over after the end of the record");
        assertThat(error.reasonCode()).isEqualTo(ReasonCodes.CORRUPT_BODY);
        assertThat(error.schemaId()).hasValue(id);
    }

    // --- records

    private static GenericRecord order(String id, double amount) {
        GenericRecord order = new GenericData.Record(ORDER);
        order.put("id", id);
        order.put("amount", amount);
        order.put("tags", List.of("a", "b"));
        order.put("attributes", Map.of("k", 42L));
        order.put("note", "hello");
        return order;
    }

    /** A well-formed payload of {@link #ORDER}, registered under {@code <topic>-value} in the real registry. */
    private static byte[] validOrderPayload(String topic) {
        try (GenericAvroSerializer serializer = new GenericAvroSerializer()) {
            serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.endpoint()), false);
            return serializer.serialize(topic, order("o-3", 7.25));
        }
    }

    private static DriftDetected driftDetected(String eventId) {
        return DriftDetected.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_123L))
                .setCauses(List.of("snap-1"))
                .setMonitor("card_spend_drift")
                .setKind(DriftKind.DATA)
                .setView("card_spend")
                .setFeature("card_spend:amount_sum_24h")
                .setDriftedFeatures(List.of("card_spend:amount_sum_24h"))
                .setMethod("PSI")
                .setScore(0.31)
                .setThreshold(0.1)
                .setFeatureScores(Map.of("card_spend:amount_sum_24h", 0.31))
                .setDriftedShare(0.5)
                .setSeverity(Severity.HIGH)
                .setWindowStart(Instant.ofEpochMilli(1_700_000_000_000L))
                .setWindowEnd(Instant.ofEpochMilli(1_700_000_100_000L))
                .setWindowSize(10_000)
                .setReferenceSize(50_000)
                .setModel("fraud_detector")
                .setModelVersion(3)
                .setTopBins(List.of(BinContribution.newBuilder().setFeature("card_spend:amount_sum_24h")
                        .setBin("[10.0, 20.0)").setLower(10.0).setUpper(20.0).setReferenceShare(0.1)
                        .setWindowShare(0.3).setContribution(0.22).build()))
                .build();
    }

    private static DriftResolved driftResolved(String eventId, String detectedEventId) {
        return DriftResolved.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(Instant.ofEpochMilli(1_700_000_200_000L))
                .setCauses(List.of(detectedEventId))
                .setDetectedEventId(detectedEventId)
                .setMonitor("card_spend_drift")
                .setMethod("PSI")
                .setScore(0.05)
                .setThreshold(0.08)
                .setWindowStart(Instant.ofEpochMilli(1_700_000_100_000L))
                .setWindowEnd(Instant.ofEpochMilli(1_700_000_200_000L))
                .build();
    }

    // --- Kafka

    private static String newTopic(String purpose) throws Exception {
        String topic = "serde-it-" + purpose + "-" + RUN + "-" + TOPICS.incrementAndGet();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return topic;
    }

    /** Producer settings that let Kafka build and configure the serializers against the real registry. */
    private static Map<String, Object> producerConfig(Class<?> keySerializer, Class<?> valueSerializer, Object... serdeSettings) {
        Map<String, Object> config = serdeConfig(serdeSettings);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, keySerializer);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer);
        return config;
    }

    /** Consumer settings (no group: partition 0 is assigned and read from the start). */
    private static Map<String, Object> consumerConfig(Class<?> keyDeserializer, Class<?> valueDeserializer) {
        Map<String, Object> config = serdeConfig();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, keyDeserializer);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The default 500 ms fetch wait costs about half a second per consumer here (each reads one short topic).
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return config;
    }

    private static Map<String, Object> serdeConfig(Object... settings) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", KafkaFixture.bootstrapServers());
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.endpoint());
        for (int i = 0; i < settings.length; i += 2) {
            config.put((String) settings[i], settings[i + 1]);
        }
        return config;
    }

    @SafeVarargs
    private static <K, V> void produce(Map<String, Object> config, ProducerRecord<K, V>... records) throws Exception {
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(config)) {
            for (ProducerRecord<K, V> record : records) {
                producer.send(record).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private static void produceRaw(String topic, byte[] value) throws Exception {
        rawProducer.send(new ProducerRecord<>(topic, null, value)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static <K, V> List<ConsumerRecord<K, V>> consume(String topic, Map<String, Object> config) {
        return consume(topic, config, 1);
    }

    /** Reads exactly {@code expected} records from the start of the topic; whatever poll throws propagates. */
    private static <K, V> List<ConsumerRecord<K, V>> consume(String topic, Map<String, Object> config, int expected) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        assertThat(records).as("records read back from %s", topic).hasSize(expected);
        return records;
    }

    private static <K, V> ConsumerRecord<K, V> single(List<ConsumerRecord<K, V>> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static ConsumerRecord<byte[], byte[]> rawRecord(String topic) {
        return single(consume(topic, consumerConfig(ByteArrayDeserializer.class, ByteArrayDeserializer.class)));
    }

    private static byte[] rawValue(String topic) {
        return rawRecord(topic).value();
    }

    private static int schemaIdOf(byte[] payload) {
        OptionalInt id = WireFormat.schemaIdOf(payload);
        assertThat(id).as("schema id in a wire-format header").isPresent();
        return id.getAsInt();
    }

    /**
     * Consumes the topic's one record with the Avro deserializer and returns what it threw: the consumer
     * wraps it in a {@link RecordDeserializationException} naming the record.
     */
    private static InvalidPayloadException invalidValuePayload(String topic) {
        Throwable thrown = catchThrowable(() -> consume(topic,
                consumerConfig(ByteArrayDeserializer.class, GenericAvroDeserializer.class)));

        assertThat(thrown).isInstanceOf(RecordDeserializationException.class);
        RecordDeserializationException failure = (RecordDeserializationException) thrown;
        assertThat(failure.origin()).isEqualTo(DeserializationExceptionOrigin.VALUE);
        assertThat(failure.topicPartition()).isEqualTo(new TopicPartition(topic, 0));
        assertThat(failure.offset()).isZero();
        assertThat(failure.getCause()).isInstanceOf(InvalidPayloadException.class);
        InvalidPayloadException error = (InvalidPayloadException) failure.getCause();
        assertThat(error.topic()).isEqualTo(topic);
        return error;
    }
}
