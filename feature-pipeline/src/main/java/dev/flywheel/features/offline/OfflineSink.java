package dev.flywheel.features.offline;

import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.OffsetRange;
import dev.flywheel.topology.topics.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every record of a {@code features.<view>} (or {@code <source>.valid}) topic to the offline tier as Parquet
 * on S3, exactly once in content.
 *
 * <p>Per topic partition, records are buffered in offset order and written, when the buffer rolls (records, bytes,
 * time, or a new schema), as one object per event date, each in a single PUT (so no partial object is ever
 * visible), named by topic, partition and first offset ({@link OfflinePaths}). Only then, in one Kafka transaction,
 * the {@code DataAvailable} event of each object is produced and the partition's offsets are committed
 * ({@code sendOffsetsToTransaction}): an event exists exactly for the objects whose offsets are committed. A crash
 * between the PUT and the commit leaves an orphan that the next reading overwrites under the same name.
 *
 * <p>S3 out of reach past the store's retries: the buffers are dropped, each partition is read again from its first
 * buffered offset after {@code retryPause}, and nothing is skipped or duplicated. A permanent failure (refused
 * credentials, a missing bucket, a fenced producer) stops the sink with {@link State#FAILED}, offsets uncommitted.
 *
 * @param <K> the record key type (the sink ignores keys)
 */
public final class OfflineSink<K> implements AutoCloseable {

    /** The sink's state. */
    public enum State {
        /** Created, not started. */
        NEW,
        /** Consuming. */
        RUNNING,
        /** Stopped by {@link #close()}. */
        STOPPED,
        /** Stopped by a permanent failure; see {@link #failure()}. */
        FAILED
    }

    private static final Logger LOG = LoggerFactory.getLogger(OfflineSink.class);

    private final OfflineTarget target;
    private final Topic<K, GenericRecord> topic;
    private final Topic<String, DataAvailable> dataAvailable;
    private final Map<String, Object> kafkaConfig;
    private final OfflineSinkSettings settings;
    private final OfflineFileWriter writer;
    private final Clock clock;
    private final Counter rows;
    private final Counter files;
    private final Counter rewinds;
    private final Map<TopicPartition, PartitionBuffer> buffers = new HashMap<>();
    private volatile Consumer<List<CommittedFile>> beforeCommit = files -> { };
    private volatile State state = State.NEW;
    private volatile Throwable failure;
    private volatile boolean running;
    private KafkaConsumer<K, GenericRecord> consumer;
    private Thread thread;

    /**
     * A sink for one target.
     *
     * @param target what is written and where its event time comes from
     * @param topic the topic read, with the registry serdes
     * @param dataAvailable {@code flywheel.data-available}
     * @param kafkaConfig Kafka client settings (bootstrap servers, security); the sink sets group, offsets,
     *     isolation and transactions itself
     * @param store the S3 boundary
     * @param settings group, roll and retry settings
     * @param registry where the meters go
     * @param clock for roll intervals and event times
     */
    public OfflineSink(OfflineTarget target, Topic<K, GenericRecord> topic, Topic<String, DataAvailable> dataAvailable,
                       Map<String, Object> kafkaConfig, OfflineStore store, OfflineSinkSettings settings,
                       MeterRegistry registry, Clock clock) {
        this.target = Objects.requireNonNull(target, "target");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.dataAvailable = Objects.requireNonNull(dataAvailable, "dataAvailable");
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.writer = new OfflineFileWriter(store, target);
        this.clock = clock;
        String kind = target.kind().name();
        this.rows = Counter.builder("flywheel.offline.rows.written").description("Rows committed to the offline tier")
                .tag("kind", kind).tag("name", target.name()).register(registry);
        this.files = Counter.builder("flywheel.offline.files.written").description("Objects committed to the offline tier")
                .tag("kind", kind).tag("name", target.name()).register(registry);
        this.rewinds = Counter.builder("flywheel.offline.rewinds").description("Batches read again after a retriable failure")
                .tag("kind", kind).tag("name", target.name()).register(registry);
    }

    /** Starts consuming on a thread of its own. */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("offline sink of " + target.name() + " is " + state + ", not NEW");
        }
        consumer = new KafkaConsumer<>(consumerConfig(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        running = true;
        state = State.RUNNING;
        thread = new Thread(this::run, "flywheel-offline-sink-" + target.name());
        thread.start();
    }

    /** The state. */
    public State state() {
        return state;
    }

    /** The permanent failure that stopped the sink, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Stops consuming; buffered records not yet committed are read again by the next sink. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            this.running = false;
            running = thread;
            if (consumer != null) {
                consumer.wakeup();
            }
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (state == State.RUNNING || state == State.NEW) {
            state = State.STOPPED;
        }
    }

    /** Called with the objects written, before their transaction; tests use it to crash at the worst moment. */
    void beforeCommit(Consumer<List<CommittedFile>> hook) {
        this.beforeCommit = hook;
    }

    private void run() {
        try (KafkaConsumer<K, GenericRecord> owned = consumer;
             KafkaProducer<String, DataAvailable> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                     dataAvailable.valueSerde().serializer())) {
            producer.initTransactions();
            owned.subscribe(List.of(topic.name()), new DropOnRevoke());
            while (running) {
                ConsumerRecords<K, GenericRecord> records = owned.poll(settings.pollTimeout());
                try {
                    buffer(owned, producer, records);
                    flushDue(owned, producer);
                } catch (OfflineStoreException e) {
                    if (!e.retriable()) {
                        throw e;
                    }
                    retryLater(owned, e);
                }
            }
        } catch (WakeupException e) {
            LOG.debug("offline sink of {} woken up to stop", target.name());
        } catch (RuntimeException e) {
            failure = e;
            state = State.FAILED;
            LOG.error("offline sink of {} stopped: {}", target.name(), e.getMessage(), e);
        }
    }

    private void buffer(KafkaConsumer<K, GenericRecord> owned, KafkaProducer<String, DataAvailable> producer,
                        ConsumerRecords<K, GenericRecord> records) {
        for (TopicPartition partition : records.partitions()) {
            PartitionBuffer buffer = buffers.computeIfAbsent(partition, p -> new PartitionBuffer());
            for (ConsumerRecord<K, GenericRecord> record : records.records(partition)) {
                GenericRecord value = record.value();
                if (value != null && !buffer.accepts(value.getSchema())) {
                    flush(owned, producer, partition, buffer);
                }
                if (value == null) {
                    LOG.warn("offline sink of {}: tombstone at {}-{}@{} has no row, not written", target.name(),
                            record.topic(), record.partition(), record.offset());
                }
                long eventTime = value == null ? record.timestamp() : target.eventTime(value, record.timestamp());
                buffer.add(record.offset(), eventTime, value, record.serializedValueSize(), clock.millis());
                if (buffer.size() >= settings.maxRecords() || buffer.isFull(settings, clock.millis())) {
                    flush(owned, producer, partition, buffer);
                }
            }
        }
    }

    private void flushDue(KafkaConsumer<K, GenericRecord> owned, KafkaProducer<String, DataAvailable> producer) {
        long now = clock.millis();
        for (Map.Entry<TopicPartition, PartitionBuffer> entry : buffers.entrySet()) {
            if (entry.getValue().isFull(settings, now)) {
                flush(owned, producer, entry.getKey(), entry.getValue());
            }
        }
    }

    private void flush(KafkaConsumer<K, GenericRecord> owned, KafkaProducer<String, DataAvailable> producer,
                       TopicPartition partition, PartitionBuffer buffer) {
        List<CommittedFile> written = writer.write(partition, buffer);
        beforeCommit.accept(written);
        try {
            producer.beginTransaction();
            for (CommittedFile file : written) {
                producer.send(new ProducerRecord<>(dataAvailable.name(), target.name(), event(file)));
            }
            producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(buffer.lastOffset() + 1)),
                    owned.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            producer.abortTransaction();
            throw new OfflineStoreException("committing " + written.size() + " object(s) of " + partition
                    + " failed: " + e.getMessage(), true, e);
        }
        for (CommittedFile file : written) {
            rows.increment(file.rows());
            files.increment();
            LOG.debug("offline sink of {}: committed {} ({} rows, offsets {}..{})", target.name(), file.uri(),
                    file.rows(), file.firstOffset(), file.lastOffset());
        }
        buffer.clear();
    }

    private DataAvailable event(CommittedFile file) {
        String identity = file.uri() + "@" + file.firstOffset() + "-" + file.lastOffset();
        return DataAvailable.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString())
                .setOccurredAt(Instant.ofEpochMilli(clock.millis())).setCauses(List.of())
                .setView(target.name()).setKind(target.kind().name()).setUri(file.uri()).setFormat("parquet")
                .setRowCount(file.rows()).setSizeBytes(file.sizeBytes())
                .setMinEventTime(Instant.ofEpochMilli(file.minEventTime()))
                .setMaxEventTime(Instant.ofEpochMilli(file.maxEventTime()))
                .setOffsets(List.of(OffsetRange.newBuilder().setTopic(file.topic()).setPartition(file.partition())
                        .setFirstOffset(file.firstOffset()).setLastOffset(file.lastOffset()).build()))
                .build();
    }

    private void retryLater(KafkaConsumer<K, GenericRecord> owned, OfflineStoreException e) {
        rewinds.increment();
        LOG.warn("offline sink of {}: write failed, reading the buffered records again in {} ms: {}", target.name(),
                settings.retryPause().toMillis(), e.getMessage());
        for (Map.Entry<TopicPartition, PartitionBuffer> entry : buffers.entrySet()) {
            if (!entry.getValue().isEmpty() && owned.assignment().contains(entry.getKey())) {
                owned.seek(entry.getKey(), entry.getValue().firstOffset());
            }
            entry.getValue().clear();
        }
        try {
            Thread.sleep(settings.retryPause().toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The feature topology writes under exactly_once_v2: never read an aborted transaction's records.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.keySet().removeIf(key -> key.startsWith("group.") || key.startsWith("isolation."));
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    /** A revoked partition's uncommitted buffer belongs to its next owner, who reads it again. */
    private final class DropOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(buffers::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(buffers::remove);
        }
    }
}
