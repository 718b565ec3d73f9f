package dev.flywheel.cli.dashboard;

import dev.flywheel.topology.topics.Topic;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows backbone event topics ({@code flywheel.drift}, {@code flywheel.training}) from their beginning on its
 * own thread and keeps the most recent events of each in memory, so the dashboard's charts never read Kafka on a
 * request. Reads committed records only: the stages write these events inside their transactions.
 */
final class EventLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLog.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Deserializer<SpecificRecord>> decoders = new HashMap<>();
    private final Map<String, Deque<SpecificRecord>> events = new HashMap<>();
    private final int capacity;
    private final Thread thread;
    private volatile boolean closed;

    EventLog(Properties kafka, List<Topic<String, SpecificRecord>> topics, int capacity) {
        this.capacity = capacity;
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (Topic<String, SpecificRecord> topic : topics) {
            decoders.put(topic.name(), topic.valueSerde().deserializer());
            events.put(topic.name(), new ArrayDeque<>());
        }
        this.thread = new Thread(this::run, "flywheel-dashboard-events");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The events of a topic seen so far, oldest first. */
    List<SpecificRecord> events(String topic) {
        Deque<SpecificRecord> seen = events.get(topic);
        if (seen == null) {
            return List.of();
        }
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new java.util.ArrayList<>();
            for (String topic : decoders.keySet()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic);
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!closed) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        keep(record);
                    }
                } catch (RecordDeserializationException e) {
                    log.warn("Dashboard skips an unreadable record at {}/{}", e.topicPartition(), e.offset(), e);
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("The dashboard stopped following the event topics; drift and training pages stay as they are",
                    e);
        } finally {
            consumer.close();
        }
    }

    private void keep(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        SpecificRecord event;
        try {
            event = decoders.get(record.topic()).deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            log.warn("Dashboard cannot decode {}/{}/{}: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
            return;
        }
        Deque<SpecificRecord> seen = events.get(record.topic());
        synchronized (seen) {
            seen.addLast(event);
            while (seen.size() > capacity) {
                seen.removeFirst();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
