package dev.flywheel.topology.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * A record a stage refuses, with everything needed to understand and replay it: its coordinates, its
 * original bytes and headers, and why. {@link DlqRouting} turns it into a {@code RejectedRecord} on the
 * source's DLQ topic. Byte arrays are shared, not copied: do not modify them afterwards.
 *
 * @param sourceTopic the topic the record was read from
 * @param partition its partition
 * @param offset its offset
 * @param timestamp its Kafka timestamp, if it had one
 * @param key the original key bytes (null for a null key)
 * @param value the original value bytes (null for a null value)
 * @param headers the original headers, in order
 * @param reasonCode a stable reason code (see {@code dev.flywheel.schemas.ReasonCodes})
 * @param message a human explanation: what was found, what was expected
 * @param field the field that broke a contract, if any
 */
public record Rejection(String sourceTopic, int partition, long offset, Optional<Instant> timestamp, byte[] key,
                        byte[] value, List<Header> headers, String reasonCode, String message,
                        Optional<String> field) {

    /** Checks the parts are present and copies the header list. */
    public Rejection {
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(field, "field");
        headers = List.copyOf(headers);
    }

    /**
     * Describes a consumed record that is refused.
     *
     * @param record the raw record
     * @param reasonCode the reason code
     * @param message the explanation
     * @return the rejection
     */
    public static Rejection of(ConsumerRecord<byte[], byte[]> record, String reasonCode, String message) {
        return new Rejection(record.topic(), record.partition(), record.offset(), timestamp(record.timestamp()),
                record.key(), record.value(), List.of(record.headers().toArray()), reasonCode, message,
                Optional.empty());
    }

    /**
     * Describes the input record of a Kafka Streams error handler that is refused.
     *
     * @param context the handler's context, with the source record's coordinates and raw bytes
     * @param reasonCode the reason code
     * @param message the explanation
     * @return the rejection
     */
    public static Rejection of(ErrorHandlerContext context, String reasonCode, String message) {
        return new Rejection(context.topic(), context.partition(), context.offset(), timestamp(context.timestamp()),
                context.sourceRawKey(), context.sourceRawValue(), List.of(context.headers().toArray()), reasonCode,
                message, Optional.empty());
    }

    /** Returns a copy naming the field that broke the contract. */
    public Rejection withField(String contractField) {
        return new Rejection(sourceTopic, partition, offset, timestamp, key, value, headers, reasonCode, message,
                Optional.of(contractField));
    }

    /** Kafka marks a missing timestamp with -1. */
    private static Optional<Instant> timestamp(long millis) {
        return millis < 0 ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(millis));
    }
}
