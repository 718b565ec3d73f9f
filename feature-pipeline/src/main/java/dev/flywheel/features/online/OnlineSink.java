package dev.flywheel.features.online;

import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.topics.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code features.<view>} and writes each poll's records to the online tier as one batch, committing
 * the offsets only after the batch is written: at-least-once delivery, made effectively once by the writer's
 * newer-event-time-wins rule.
 *
 * <p>A batch that fails retriably (Redis out of reach past the writer's retries) is read again from its first
 * offsets after a pause, so nothing is skipped. A permanent failure (a malformed record, a key of the wrong
 * type, refused credentials) stops the sink with {@link State#FAILED} and the cause, offsets uncommitted: a
 * human has to look. Tombstones carry no features; they are logged and counted, not written.
 */
public final class OnlineSink implements AutoCloseable {

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

    private static final Logger LOG = LoggerFactory.getLogger(OnlineSink.class);

    private final String view;
    private final Topic<String, GenericRecord> topic;
    private final Map<String, Object> consumerConfig;
    private final OnlineStoreWriter writer;
    private final OnlineSinkSettings settings;
    private final FeatureRecordMapper mapper;
    private final Clock clock;
    private final Timer freshness;
    private final Counter tombstones;
    private volatile State state = State.NEW;
    private volatile Throwable failure;
    private volatile boolean running;
    private KafkaConsumer<String, GenericRecord> consumer;
    private Thread thread;

    /**
     * A sink for one view.
     *
     * @param view the view
     * @param topic its {@code features.<view>} topic, with the registry serdes
     * @param kafkaConfig Kafka client settings (bootstrap servers, security); the sink sets group, offsets and
     *     isolation itself
     * @param writer the online store writer
     * @param settings group and batch settings
     * @param registry where the meters go
     * @param clock for freshness
     */
    public OnlineSink(FeatureViewSpec view, Topic<String, GenericRecord> topic, Map<String, Object> kafkaConfig,
                      OnlineStoreWriter writer, OnlineSinkSettings settings, MeterRegistry registry, Clock clock) {
        this.view = view.name();
        this.topic = Objects.requireNonNull(topic, "topic");
        this.consumerConfig = consumerConfig(kafkaConfig, settings);
        this.writer = Objects.requireNonNull(writer, "writer");
        this.settings = settings;
        this.mapper = new FeatureRecordMapper(view);
        this.clock = clock;
        this.freshness = Timer.builder("flywheel.online.freshness")
                .description("Event time to online write, per row").tag("view", this.view)
                .publishPercentileHistogram().register(registry);
        this.tombstones = Counter.builder("flywheel.online.records.ignored")
                .description("Records without features (tombstones), not written").tag("view", this.view)
                .tag("reason", "TOMBSTONE").register(registry);
    }

    /** Starts consuming on a thread of its own. */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("online sink of view " + view + " is " + state + ", not NEW");
        }
        consumer = new KafkaConsumer<>(consumerConfig, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        running = true;
        state = State.RUNNING;
        thread = new Thread(this::run, "flywheel-online-sink-" + view);
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

    /** Stops consuming and waits for the current batch to finish; committed offsets stay. */
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
        if (running != null) {
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

    private void run() {
        try (KafkaConsumer<String, GenericRecord> owned = consumer) {
            owned.subscribe(List.of(topic.name()));
            while (running) {
                ConsumerRecords<String, GenericRecord> records = owned.poll(settings.pollTimeout());
                if (!records.isEmpty()) {
                    writeBatch(owned, records);
                }
            }
        } catch (WakeupException e) {
            LOG.debug("online sink of view {} woken up to stop", view);
        } catch (RuntimeException e) {
            failure = e;
            state = State.FAILED;
            LOG.error("online sink of view {} stopped: {}", view, e.getMessage(), e);
        }
    }

    private void writeBatch(KafkaConsumer<String, GenericRecord> owned, ConsumerRecords<String, GenericRecord> records) {
        List<FeatureRow> rows = new ArrayList<>(records.count());
        for (ConsumerRecord<String, GenericRecord> record : records) {
            if (record.value() == null) {
                tombstones.increment();
                LOG.warn("online sink of view {}: tombstone at {}-{}@{} has no features, not written", view,
                        record.topic(), record.partition(), record.offset());
                continue;
            }
            try {
                rows.add(mapper.map(record.value()));
            } catch (MalformedFeatureRecordException e) {
                throw new MalformedFeatureRecordException(e.getMessage() + " (at " + record.topic() + "-"
                        + record.partition() + "@" + record.offset() + ")", e);
            }
        }
        try {
            writer.write(rows);
        } catch (OnlineStoreException e) {
            if (!e.retriable()) {
                throw e;
            }
            LOG.warn("online sink of view {}: batch of {} rows not written, reading it again in {} ms: {}", view,
                    rows.size(), settings.retryPause().toMillis(), e.getMessage());
            rewind(owned, records);
            pause();
            return;
        }
        long now = clock.millis();
        for (FeatureRow row : rows) {
            freshness.record(Duration.ofMillis(Math.max(0, now - row.eventTime().toEpochMilli())));
        }
        owned.commitSync(nextOffsets(records));
    }

    private static void rewind(KafkaConsumer<String, GenericRecord> owned, ConsumerRecords<String, GenericRecord> records) {
        for (TopicPartition partition : records.partitions()) {
            if (owned.assignment().contains(partition)) {
                owned.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, GenericRecord> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, GenericRecord>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private void pause() {
        try {
            Thread.sleep(settings.retryPause().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Map<String, Object> consumerConfig(Map<String, Object> kafkaConfig, OnlineSinkSettings settings) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The feature topology writes under exactly_once_v2: never read an aborted transaction's records.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        return config;
    }
}
