package dev.flywheel.cli.demo;

import dev.flywheel.topology.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows backbone topics from their beginning on a thread of its own and hands each decoded event, in the order
 * read, to a listener: what the demo's display and checks are driven by. Reads committed records only (the stages
 * write in transactions) and joins no consumer group, so it commits nothing and disturbs no stage.
 */
public final class LoopWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopWatcher.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Deserializer<? extends SpecificRecord>> decoders = new HashMap<>();
    private final BiConsumer<String, SpecificRecord> listener;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private LoopWatcher(Map<String, Object> kafkaConfig, List<Topic<String, ? extends SpecificRecord>> topics,
                        BiConsumer<String, SpecificRecord> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<String, ? extends SpecificRecord> topic : topics) {
            decoders.put(topic.name(), topic.valueSerde().deserializer());
            consumer.partitionsFor(topic.name()).forEach(info -> partitions.add(
                    new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::follow, "demo-loop-watcher");
        thread.setDaemon(true);
    }

    /**
     * Starts following the topics.
     *
     * @param kafkaConfig Kafka client settings (bootstrap servers, security)
     * @param topics the topics, each with the serde of its values
     * @param listener called on the watcher's thread with each topic name and event
     * @return the running watcher
     */
    public static LoopWatcher start(Map<String, Object> kafkaConfig, List<Topic<String, ? extends SpecificRecord>> topics,
                                    BiConsumer<String, SpecificRecord> listener) {
        LoopWatcher watcher = new LoopWatcher(kafkaConfig, topics, listener);
        watcher.thread.start();
        return watcher;
    }

    /** Why the watcher stopped on its own, or null while it follows the topics. */
    public Throwable failure() {
        return failure;
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.value() == null) {
                        continue;
                    }
                    SpecificRecord event = decoders.get(record.topic()).deserialize(record.topic(), record.value());
                    listener.accept(record.topic(), event);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("The demo stopped following the backbone topics", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Stops following and waits for the thread. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
