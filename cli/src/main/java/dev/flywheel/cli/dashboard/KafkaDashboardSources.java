package dev.flywheel.cli.dashboard;

import dev.flywheel.cli.kafka.ClusterTopics;
import dev.flywheel.cli.kafka.KafkaQueryException;
import dev.flywheel.registry.ModelInfo;
import dev.flywheel.registry.ModelRegistry;
import dev.flywheel.registry.RegistryNotFoundException;
import dev.flywheel.registry.lineage.Lineage;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.Health;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The dashboard's sources in a running backbone: Kafka Admin for topics, end offsets and consumer-group lag; a
 * tail consumer; an {@link EventLog} of the drift and training topics; the registry's Java API when the registry
 * runs in this process, else a read-only {@link ModelsView} of {@code flywheel.models} (also followed by the event
 * log), without lineage. Every Kafka call is bounded by a timeout so a request never hangs on the cluster.
 */
public final class KafkaDashboardSources implements DashboardSources, AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TAIL_WAIT = Duration.ofSeconds(2);
    private static final int EVENTS_KEPT = 5_000;

    private final TopicCatalogue catalogue;
    private final FlywheelSpec spec;
    private final Supplier<Map<String, Health>> health;
    private final ModelRegistry registry;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> tail;
    private final EventLog events;

    private KafkaDashboardSources(TopicCatalogue catalogue, FlywheelSpec spec, Supplier<Map<String, Health>> health,
                                  ModelRegistry registry, Admin admin, KafkaConsumer<byte[], byte[]> tail,
                                  EventLog events) {
        this.catalogue = catalogue;
        this.spec = spec;
        this.health = health;
        this.registry = registry;
        this.admin = admin;
        this.tail = tail;
        this.events = events;
    }

    /**
     * Connects to the backbone and starts following the drift and training topics.
     *
     * @param config the resolved settings of the run (the endpoints it really uses)
     * @param catalogue the topics and their serdes
     * @param spec the spec (its models)
     * @param health each stage's health, read on every request
     * @param registry the model registry's API, or null when no registry runs here: then the models are read from
     *     {@code flywheel.models}
     * @return the sources; close them
     */
    public static KafkaDashboardSources start(FlywheelConfig config, TopicCatalogue catalogue, FlywheelSpec spec,
                                              Supplier<Map<String, Health>> health, ModelRegistry registry) {
        Properties kafka = ClientConfigs.kafka(config);
        Admin admin = Admin.create(kafka);
        Properties tailProps = new Properties();
        tailProps.putAll(kafka);
        tailProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        tailProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        tailProps.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        KafkaConsumer<byte[], byte[]> tail = new KafkaConsumer<>(tailProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<Topic<String, SpecificRecord>> followed = new ArrayList<>(List.of(catalogue.drift(),
                catalogue.training()));
        if (registry == null) {
            followed.add(catalogue.models());
        }
        EventLog events = new EventLog(kafka, followed, EVENTS_KEPT);
        events.start();
        return new KafkaDashboardSources(catalogue, spec, health, registry, admin, tail, events);
    }

    @Override
    public Map<String, Health> health() {
        return health.get();
    }

    @Override
    public TopicsSnapshot topics() {
        Map<String, Topic<?, ?>> known = new java.util.LinkedHashMap<>();
        catalogue.all().forEach(topic -> known.putIfAbsent(topic.name(), topic));
        ClusterTopics.Snapshot snapshot;
        try {
            snapshot = new ClusterTopics(admin, TIMEOUT).read(known.keySet());
        } catch (KafkaQueryException e) {
            throw new SourceUnavailableException(e.getMessage(), e);
        }
        List<TopicStat> topics = snapshot.topics().stream().map(t -> new TopicStat(t.name(),
                known.get(t.name()).owner().name(), t.partitions(), t.endOffset())).toList();
        List<GroupLag> groups = snapshot.groups().stream().map(g -> new GroupLag(g.group(), g.topic(), g.committed(),
                g.lag())).toList();
        return new TopicsSnapshot(topics, groups, snapshot.at());
    }

    @Override
    public synchronized Optional<List<TailRecord>> tail(String topicName, int limit) {
        Optional<Topic<?, ?>> topic = catalogue.topic(topicName);
        if (topic.isEmpty()) {
            return Optional.empty();
        }
        List<TopicPartition> partitions = tail.partitionsFor(topicName, TIMEOUT).stream()
                .map(info -> new TopicPartition(topicName, info.partition())).toList();
        tail.assign(partitions);
        Map<TopicPartition, Long> begin = tail.beginningOffsets(partitions, TIMEOUT);
        Map<TopicPartition, Long> end = tail.endOffsets(partitions, TIMEOUT);
        for (TopicPartition partition : partitions) {
            tail.seek(partition, Math.max(begin.get(partition), end.get(partition) - limit));
        }
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        long deadline = System.nanoTime() + TAIL_WAIT.toNanos();
        while (!reached(partitions, end) && System.nanoTime() < deadline) {
            tail.poll(Duration.ofMillis(100)).forEach(read::add);
        }
        Deserializer<?> keys = topic.get().keySerde().deserializer();
        Deserializer<?> values = topic.get().valueSerde().deserializer();
        return Optional.of(read.stream().sorted(Comparator.comparingLong(ConsumerRecord::timestamp))
                .map(r -> new TailRecord(r.partition(), r.offset(), r.timestamp(), decode(keys, r.topic(), r.key()),
                        decode(values, r.topic(), r.value())))
                .toList());
    }

    private boolean reached(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> tail.position(p, TIMEOUT) >= end.get(p));
    }

    /** Decodes for display: a record that cannot be decoded is shown as such, with why, and as bytes. */
    private static String decode(Deserializer<?> deserializer, String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            Object value = deserializer.deserialize(topic, bytes);
            if (value instanceof org.apache.kafka.common.utils.Bytes raw) {
                return text(raw.get());
            }
            return String.valueOf(value);
        } catch (RuntimeException e) {
            return "<cannot decode " + bytes.length + " bytes: " + e.getMessage() + ">";
        }
    }

    /** Raw bytes (a producers' topic): as text when printable, else their size. */
    private static String text(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean printable = text.chars().allMatch(c -> c >= 0x20 && c != 0xFFFD || c == '\n' || c == '\t');
        return printable ? text : "<" + bytes.length + " bytes, Avro wire format>";
    }

    @Override
    public List<SpecificRecord> driftEvents() {
        return events.events(catalogue.drift().name());
    }

    @Override
    public List<SpecificRecord> trainingEvents() {
        return events.events(catalogue.training().name());
    }

    @Override
    public List<ModelInfo> models() {
        return registry == null ? modelsView().models() : registry.models();
    }

    @Override
    public List<ModelVersion> versions(String model) {
        return registry == null ? modelsView().versions(model) : registry.versions(model);
    }

    @Override
    public Lineage lineage(String model, int version) {
        if (registry == null) {
            throw new RegistryNotFoundException("The lineage of " + model + " v" + version + " needs the model "
                    + "registry in this process (`flywheel up`)");
        }
        return registry.lineage(model, version);
    }

    private ModelsView modelsView() {
        return ModelsView.of(spec, events.events(catalogue.models().name()));
    }

    @Override
    public void close() {
        try (admin; tail) {
            events.close();
        }
    }

}
