package dev.flywheel.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from its beginning on a thread of its own and completes, with the time it saw the last
 * one, once it has read the expected number of records. Started before the producer, so the measured
 * interval covers produce, broker (and stage) and consume together.
 */
final class CountingConsumer implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final Thread thread;

    CountingConsumer(String bootstrapServers, String topic, int partitions, long expected, boolean readCommitted) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> assigned = java.util.stream.IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        assigned.forEach(consumer::position);
        thread = new Thread(() -> count(expected), "bench-consumer-" + topic);
        thread.start();
    }

    private void count(long expected) {
        long seen = 0;
        try {
            while (running.get() && seen < expected) {
                seen += consumer.poll(Duration.ofMillis(100)).count();
            }
            if (seen >= expected) {
                done.complete(System.nanoTime());
            } else {
                done.completeExceptionally(new IllegalStateException("stopped after " + seen + " of " + expected));
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /** Waits for the last record; returns {@link System#nanoTime()} when it was read. */
    long awaitLast(Duration timeout) throws Exception {
        return done.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
        consumer.close();
    }
}
