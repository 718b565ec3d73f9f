package dev.flywheel.platform.registry;

import dev.flywheel.platform.registry.RegistryKey.Unknown;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that reads the {@code _schemas} topic from the beginning and applies every record to
 * the {@link SchemaStore}, like Confluent's {@code KafkaStoreReaderThread}. Writers wait on
 * {@link #awaitApplied} until their record has been applied, which gives read-your-writes.
 *
 * <p>A record that cannot be decoded is skipped with an error log naming its offset; a key type this
 * registry does not know is skipped with a debug log.
 */
final class SchemaLogReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaLogReader.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final SchemaStore store;
    private final RegistryRecordCodec codec;
    private final Thread thread;
    private final Object progress = new Object();

    /** The next offset to apply; guarded by {@code progress}. */
    private long nextOffset;
    private volatile boolean running;
    private volatile RuntimeException failure;

    SchemaLogReader(Map<String, Object> consumerConfig, String topic, SchemaStore store, RegistryRecordCodec codec) {
        this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.partition = new TopicPartition(topic, 0);
        this.store = store;
        this.codec = codec;
        this.thread = new Thread(this::run, "schema-registry-reader-" + topic);
        this.thread.setDaemon(true);
    }

    void start() {
        running = true;
        thread.start();
    }

    private void run() {
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                        apply(record);
                    }
                    // The position, not the last record's offset: compaction and control records leave gaps.
                    advanceTo(consumer.position(partition));
                } catch (RetriableException e) {
                    // Kafka unreachable for a while: writers time out meanwhile, the reader keeps trying.
                    log.warn("Schema registry reader of {} cannot reach Kafka, retrying in {} ms: {}",
                            partition, RETRY_BACKOFF.toMillis(), e.getMessage());
                    Thread.sleep(RETRY_BACKOFF.toMillis());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                fail(new IllegalStateException("Schema registry reader was woken up unexpectedly", e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (running) {
                fail(new IllegalStateException("Schema registry reader was interrupted", e));
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        RegistryKey key;
        RegistryValue value;
        try {
            key = codec.decodeKey(record.key());
            value = codec.decodeValue(key, record.value());
        } catch (IllegalArgumentException e) {
            log.error("Skipping unreadable schema registry record {}-{} offset {}: {}",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (key instanceof Unknown unknown) {
            log.debug("Ignoring schema registry record of key type '{}' at offset {}", unknown.keyType(), record.offset());
            return;
        }
        store.apply(key, value);
        log.debug("Applied {} -> {} at offset {}", key, value, record.offset());
    }

    private void advanceTo(long position) {
        synchronized (progress) {
            if (position > nextOffset) {
                nextOffset = position;
                progress.notifyAll();
            }
        }
    }

    private void fail(RuntimeException e) {
        log.error("Schema registry reader of {} stopped: {}", partition, e.getMessage(), e);
        failure = e;
        running = false;
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /**
     * Blocks until the record at {@code offset} has been applied.
     *
     * @throws TimeoutException when it has not been within {@code timeout}
     * @throws IllegalStateException when the reader has stopped
     */
    void awaitApplied(long offset, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (nextOffset <= offset) {
                if (failure != null) {
                    throw new IllegalStateException("The schema registry reader has failed: " + failure.getMessage(), failure);
                }
                if (!running) {
                    throw new IllegalStateException("The schema registry reader is stopped");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("Offset " + offset + " of " + partition + " was not read back within "
                            + timeout.toMillis() + " ms (reader at offset " + nextOffset + ")");
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("Schema registry reader of {} did not stop within 30 s", partition);
        }
    }
}
