package dev.flywheel.cli.dashboard;

import dev.flywheel.registry.ModelInfo;
import dev.flywheel.registry.ModelRegistry;
import dev.flywheel.registry.lineage.Lineage;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.Health;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The dashboard's sources in a running backbone: Kafka Admin for topics, end offsets and consumer-group lag; a
 * tail consumer; an {@link EventLog} of the drift and training topics; the registry's Java API. Every Kafka call
 * is bounded by a timeout so a request never hangs on the cluster.
 */
public final class KafkaDashboardSources implements DashboardSources, AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TAIL_WAIT = Duration.ofSeconds(2);
    private static final int EVENTS_KEPT = 5_000;

    private final TopicCatalogue catalogue;
    private final Supplier<Map<String, Health>> health;
    private final ModelRegistry registry;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> tail;
    private final EventLog events;

    private KafkaDashboardSources(TopicCatalogue catalogue, Supplier<Map<String, Health>> health,
                                  ModelRegistry registry, Admin admin, KafkaConsumer<byte[], byte[]> tail,
                                  EventLog events) {
        this.catalogue = catalogue;
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
     * @param health each stage's health, read on every request
     * @param registry the model registry's API, or null when no registry runs
     * @return the sources; close them
     */
    public static KafkaDashboardSources start(FlywheelConfig config, TopicCatalogue catalogue,
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
        EventLog events = new EventLog(kafka, List.of(catalogue.drift(), catalogue.training()), EVENTS_KEPT);
        events.start();
        return new KafkaDashboardSources(catalogue, health, registry, admin, tail, events);
    }

    @Override
    public Map<String, Health> health() {
        return health.get();
    }

    @Override
    public TopicsSnapshot topics() {
        Map<String, Topic<?, ?>> known = new java.util.LinkedHashMap<>();
        catalogue.all().forEach(topic -> known.putIfAbsent(topic.name(), topic));
        Set<String> existing = await(admin.listTopics().names());
        List<String> names = known.keySet().stream().filter(existing::contains).toList();
        Map<String, TopicDescription> described = await(admin.describeTopics(names).allTopicNames());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p ->
                latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = await(admin.listOffsets(latest).all());
        List<TopicStat> topics = new ArrayList<>();
        for (String name : names) {
            long end = ends.entrySet().stream().filter(e -> e.getKey().topic().equals(name))
                    .mapToLong(e -> e.getValue().offset()).sum();
            topics.add(new TopicStat(name, known.get(name).owner().name(), described.get(name).partitions().size(),
                    end));
        }
        return new TopicsSnapshot(topics, groups(ends, Set.copyOf(names)), Instant.now());
    }

    private List<GroupLag> groups(Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends,
                                  Set<String> topics) {
        Collection<GroupListing> listings = await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all());
        List<GroupLag> lags = new ArrayList<>();
        for (GroupListing listing : listings) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    await(admin.listConsumerGroupOffsets(listing.groupId()).partitionsToOffsetAndMetadata());
            Map<String, List<Map.Entry<TopicPartition, OffsetAndMetadata>>> byTopic = committed.entrySet().stream()
                    .filter(e -> e.getValue() != null && topics.contains(e.getKey().topic()))
                    .collect(Collectors.groupingBy(e -> e.getKey().topic()));
            byTopic.forEach((topic, offsets) -> {
                long sum = 0;
                long lag = 0;
                for (Map.Entry<TopicPartition, OffsetAndMetadata> offset : offsets) {
                    sum += offset.getValue().offset();
                    ListOffsetsResult.ListOffsetsResultInfo end = ends.get(offset.getKey());
                    lag += end == null ? 0 : Math.max(0, end.offset() - offset.getValue().offset());
                }
                lags.add(new GroupLag(listing.groupId(), topic, sum, lag));
            });
        }
        lags.sort(Comparator.comparing(GroupLag::group).thenComparing(GroupLag::topic));
        return lags;
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
        return registry == null ? List.of() : registry.models();
    }

    @Override
    public List<ModelVersion> versions(String model) {
        return registered(r -> r.versions(model));
    }

    @Override
    public Lineage lineage(String model, int version) {
        return registered(r -> r.lineage(model, version));
    }

    private <T> T registered(Function<ModelRegistry, T> query) {
        if (registry == null) {
            throw new dev.flywheel.registry.RegistryNotFoundException("No model registry runs here");
        }
        return query.apply(registry);
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new SourceUnavailableException("Kafka refused a dashboard query: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new SourceUnavailableException("Kafka did not answer within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("Interrupted while asking Kafka", e);
        }
    }

    @Override
    public void close() {
        try (admin; tail) {
            events.close();
        }
    }

}
