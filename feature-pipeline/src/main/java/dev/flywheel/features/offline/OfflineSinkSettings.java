package dev.flywheel.features.offline;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link OfflineSink} consumes and rolls files. A partition's buffer is written (one object per event date)
 * when it holds {@code maxRecords} records or {@code maxBytes} serialized bytes, when its first record has waited
 * {@code maxInterval}, or before a record of another schema.
 *
 * @param groupId the consumer group; one per target
 * @param transactionalId the transactional id of the producer that emits {@code DataAvailable} events and commits
 *     the offsets in one transaction; one per target and instance slot
 * @param maxRecords most records per object
 * @param maxBytes most serialized record bytes per object (a proxy for the Parquet size)
 * @param maxInterval longest a record waits in the buffer
 * @param maxPollRecords most records per poll
 * @param pollTimeout how long one poll waits for records
 * @param retryPause wait before reading a batch again whose write failed retriably
 */
public record OfflineSinkSettings(String groupId, String transactionalId, int maxRecords, long maxBytes,
                                  Duration maxInterval, int maxPollRecords, Duration pollTimeout, Duration retryPause) {

    /** Checks every value. */
    public OfflineSinkSettings {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(maxInterval, "maxInterval");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(retryPause, "retryPause");
        require(!groupId.isBlank(), "groupId must not be blank");
        require(!transactionalId.isBlank(), "transactionalId must not be blank");
        require(maxRecords >= 1, "maxRecords must be >= 1, was " + maxRecords);
        require(maxBytes >= 1, "maxBytes must be >= 1, was " + maxBytes);
        require(!maxInterval.isNegative() && !maxInterval.isZero(), "maxInterval must be positive, was " + maxInterval);
        require(maxPollRecords >= 1, "maxPollRecords must be >= 1, was " + maxPollRecords);
        require(!pollTimeout.isNegative() && !pollTimeout.isZero(), "pollTimeout must be positive, was " + pollTimeout);
        require(!retryPause.isNegative(), "retryPause must not be negative, was " + retryPause);
    }

    /**
     * Defaults for a target: group and transactional id {@code <prefix>flywheel-offline-<view|source>-<name>},
     * 100,000 records or 64 MiB or 5 minutes per object, 2,000 records per poll, 500 ms poll, 2 s pause.
     */
    public static OfflineSinkSettings defaults(String prefix, OfflineTarget target) {
        String id = prefix + "flywheel-offline-" + target.kind().partitionKey() + "-" + target.name();
        return new OfflineSinkSettings(id, id, 100_000, 64L << 20, Duration.ofMinutes(5), 2_000,
                Duration.ofMillis(500), Duration.ofSeconds(2));
    }

    /** These settings with other roll limits. */
    public OfflineSinkSettings withRoll(int records, long bytes, Duration interval) {
        return new OfflineSinkSettings(groupId, transactionalId, records, bytes, interval, maxPollRecords, pollTimeout,
                retryPause);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("offline sink: " + message);
        }
    }
}
