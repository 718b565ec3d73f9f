package dev.flywheel.features.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flywheel.platform.redis.EmbeddedRedis;
import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.CleanupPolicy;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicOwner;
import dev.flywheel.topology.topics.TopicSettings;
import feast.proto.types.ValueProto.Value;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink on the real broker, registry and Redis: records of {@code features.<view>} in the registry's wire
 * format reach Redis in Feast's layout, a redelivered older record does not overwrite, and offsets are committed
 * once the rows are written.
 */
class OnlineSinkIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static SchemaRegistryServer registryServer;
    private static HttpSchemaRegistryClient registry;
    private static EmbeddedRedis redis;
    private static Admin admin;

    @BeforeAll
    static void start() {
        registryServer = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-online-sink-" + RUN).port(0).build();
        registryServer.start();
        registry = new HttpSchemaRegistryClient(RegistryClientConfig.of(registryServer.endpoint()));
        redis = EmbeddedRedis.builder().port(0).build();
        redis.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        try {
            if (admin != null) {
                admin.close();
            }
            if (registry != null) {
                registry.close();
            }
            if (redis != null) {
                redis.stop();
            }
        } finally {
            if (registryServer != null) {
                registryServer.stop();
            }
        }
    }

    private static GenericRecord record(String card, Instant eventTime, long count, Double avg) {
        GenericRecord record = new GenericData.Record(FeatureRecordMapperTest.SCHEMA);
        record.put("card_id", card);
        record.put("event_timestamp", eventTime.toEpochMilli());
        record.put("txn_count", count);
        record.put("amount_avg", avg);
        record.put("last_country", "DE");
        return record;
    }

    @Test
    void shouldWriteFeaturesToRedisAndCommitOnlyWrittenBatches() throws Exception {
        // given: a features topic with two partitions and records in the registry's wire format
        String name = "features.card_spend-" + RUN;
        admin.createTopics(List.of(new NewTopic(name, 2, (short) 1))).all().get();
        Serde<GenericRecord> serde = new AvroTopicSerdes(registry, Map.of()).generic();
        Topic<String, GenericRecord> topic = new Topic<>(name, Serdes.String(), serde,
                new TopicSettings(2, Optional.empty(), CleanupPolicy.DELETE, Optional.empty(), Map.of()), TopicOwner.FLYWHEEL);
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()),
                new StringSerializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(name, "c-1", record("c-1", T0.plusSeconds(1), 1, 10.0))).get();
            producer.send(new ProducerRecord<>(name, "c-1", record("c-1", T0.plusSeconds(2), 2, 15.0))).get();
            producer.send(new ProducerRecord<>(name, "c-1", record("c-1", T0.plusSeconds(1), 99, 99.0))).get(); // redelivered older
            producer.send(new ProducerRecord<>(name, "c-2", record("c-2", T0, 1, null))).get();
        }
        OnlineStoreConfig config = OnlineStoreConfig.builder("fraud").host(redis.host()).port(redis.port()).build();
        String group = "online-sink-it-" + RUN;

        try (OnlineStore store = OnlineStore.open(config, new SimpleMeterRegistry());
             OnlineSink sink = new OnlineSink(FeatureRecordMapperTest.VIEW, topic,
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()), store.writer(),
                     new OnlineSinkSettings(group, 100, Duration.ofMillis(200), Duration.ofMillis(100)),
                     new SimpleMeterRegistry(), Clock.systemUTC())) {
            // when
            sink.start();

            // then: every record's offset committed, which the sink does only after writing
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(group, name) == 4);
            List<List<StoredRow>> read = store.reader().read(List.of(new ReadRequest("card_spend",
                    List.of("txn_count", "amount_avg", "last_country"),
                    List.of(EntityKey.of("card_id", FeastValues.of("c-1")), EntityKey.of("card_id", FeastValues.of("c-2"))))));
            StoredRow c1 = read.get(0).get(0);
            StoredRow c2 = read.get(0).get(1);
            assertThat(c1.eventTime()).contains(T0.plusSeconds(2));
            assertThat(c1.values()).containsExactly(Optional.of(Value.newBuilder().setInt64Val(2).build()),
                    Optional.of(Value.newBuilder().setDoubleVal(15.0).build()),
                    Optional.of(Value.newBuilder().setStringVal("DE").build()));
            assertThat(c2.eventTime()).contains(T0);
            assertThat(c2.values().get(1)).contains(FeastValues.NULL);
            assertThat(sink.state()).isEqualTo(OnlineSink.State.RUNNING);
        }
    }

    private static long committed(String group, String topicName) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topicName) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

}
