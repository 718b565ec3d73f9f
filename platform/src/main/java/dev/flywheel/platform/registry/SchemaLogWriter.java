package dev.flywheel.platform.registry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to the {@code _schemas} topic and returns once the {@link SchemaLogReader} has applied
 * them, so that the next read sees the write. The producer waits for every in-sync replica and is
 * idempotent: a retried send cannot duplicate or reorder a record.
 */
final class SchemaLogWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaLogWriter.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final RegistryRecordCodec codec;
    private final SchemaLogReader reader;
    private final Duration timeout;

    SchemaLogWriter(Map<String, Object> producerConfig, String topic, RegistryRecordCodec codec,
            SchemaLogReader reader, Duration timeout) {
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.codec = codec;
        this.reader = reader;
        this.timeout = timeout;
    }

    /**
     * Writes one record ({@code value} null: a tombstone) and waits until it has been applied.
     *
     * @throws RegistryException 50002 when the write or its read-back times out, 50001 when Kafka fails it
     */
    void write(RegistryKey key, RegistryValue value) {
        write(key, value, timeout);
    }

    void write(RegistryKey key, RegistryValue value, Duration waitFor) {
        byte[] valueBytes = value == null ? null : codec.encodeValue(value);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, codec.encodeKey(key), valueBytes);
        long deadline = System.nanoTime() + waitFor.toNanos();
        try {
            RecordMetadata metadata = producer.send(record).get(waitFor.toMillis(), TimeUnit.MILLISECONDS);
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            reader.awaitApplied(metadata.offset(), left);
            log.debug("Wrote {} at offset {}", key, metadata.offset());
        } catch (TimeoutException e) {
            throw RegistryErrors.timeout("Write to the schema registry topic '" + topic + "' was not confirmed "
                    + "and read back within " + waitFor.toMillis() + " ms; it may still be applied later. "
                    + "Is Kafka reachable? (" + e.getMessage() + ")", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw RegistryErrors.timeout("Write to the schema registry topic '" + topic + "' timed out: "
                        + e.getCause().getMessage() + " Is Kafka reachable?", e.getCause());
            }
            throw RegistryErrors.storeError("Kafka refused the write to topic '" + topic + "': "
                    + e.getCause().getMessage(), e.getCause());
        } catch (IllegalStateException e) {
            throw RegistryErrors.storeError(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.timeout("Interrupted while writing to topic '" + topic + "'", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
