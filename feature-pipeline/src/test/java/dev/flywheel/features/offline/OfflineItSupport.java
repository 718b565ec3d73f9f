package dev.flywheel.features.offline;

import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.s3.EmbeddedS3;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.CleanupPolicy;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicOwner;
import dev.flywheel.topology.topics.TopicSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.parquet.hadoop.ParquetReader;

/** Real broker, registry and S3 for the offline ITs, and the readers that check what landed. */
final class OfflineItSupport implements AutoCloseable {

    static final Schema SCHEMA = SchemaBuilder.record("card_spend").namespace("dev.flywheel.features").fields()
            .requiredString("card_id")
            .name("event_timestamp").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .name("created").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .optionalLong("seq")
            .optionalDouble("amount_avg")
            .endRecord();

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final SchemaRegistryServer registryServer;
    final HttpSchemaRegistryClient registry;
    final Admin admin;
    final AvroTopicSerdes serdes;

    OfflineItSupport() {
        registryServer = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-offline-" + run).port(0).build();
        registryServer.start();
        registry = new HttpSchemaRegistryClient(RegistryClientConfig.of(registryServer.endpoint()));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()));
        serdes = new AvroTopicSerdes(registry, Map.of());
    }

    static Map<String, Object> kafka() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers());
    }

    static OfflineStoreConfig storeConfig(EmbeddedS3 s3) {
        return OfflineStoreConfig.builder("flywheel").endpoint(URI.create(s3.endpoint())).region(s3.region())
                .credentials(s3.accessKey(), s3.secretKey()).pathStyle(true).callTimeout(Duration.ofSeconds(5))
                .retries(3, Duration.ofMillis(100), Duration.ofMillis(400)).build();
    }

    Topic<String, GenericRecord> featuresTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        return new Topic<>(name, Serdes.String(), serdes.generic(), settings(partitions), TopicOwner.FLYWHEEL);
    }

    Topic<String, DataAvailable> dataAvailableTopic() throws Exception {
        String name = "flywheel.data-available-" + run;
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        return new Topic<>(name, Serdes.String(), serdes.event(DataAvailable.class), settings(1), TopicOwner.FLYWHEEL);
    }

    private static TopicSettings settings(int partitions) {
        return new TopicSettings(partitions, Optional.empty(), CleanupPolicy.DELETE, Optional.empty(), Map.of());
    }

    static GenericRecord row(String card, long eventTime, long seq) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("card_id", card);
        record.put("event_timestamp", eventTime);
        record.put("created", eventTime + 5);
        record.put("seq", seq);
        record.put("amount_avg", seq * 0.5);
        return record;
    }

    KafkaProducer<String, GenericRecord> producer() {
        Serde<GenericRecord> serde = serdes.generic();
        return new KafkaProducer<>(kafka(), new StringSerializer(), serde.serializer());
    }

    long committed(String group, String topicName) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topicName) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** Every row under a prefix, read back from the Parquet objects. */
    static List<GenericRecord> rowsUnder(OfflineStore store, String prefix) throws Exception {
        List<GenericRecord> rows = new ArrayList<>();
        Path dir = Files.createTempDirectory("offline-it");
        for (StoredObject object : store.list(prefix)) {
            Path file = dir.resolve("f.parquet");
            store.download(object.key(), file);
            try (ParquetReader<GenericRecord> reader = ParquetIo.reader(file)) {
                for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The committed DataAvailable events on the topic. */
    List<DataAvailable> events(Topic<String, DataAvailable> topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "events-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<DataAvailable> events = new ArrayList<>();
        try (KafkaConsumer<String, DataAvailable> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            int empty = 0;
            while (empty < 3) {
                var records = consumer.poll(Duration.ofMillis(500));
                empty = records.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<String, DataAvailable> record : records) {
                    events.add(record.value());
                }
            }
        }
        return events;
    }

    @Override
    public void close() {
        try {
            admin.close();
            registry.close();
        } finally {
            registryServer.stop();
        }
    }
}
