package dev.flywheel.features.online;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link OnlineSink} consumes.
 *
 * @param groupId the consumer group; one per view, so views are written independently
 * @param maxPollRecords most records per poll, so most rows per Redis batch
 * @param pollTimeout how long one poll waits for records
 * @param retryPause wait before re-reading a batch whose write failed retriably
 */
public record OnlineSinkSettings(String groupId, int maxPollRecords, Duration pollTimeout, Duration retryPause) {

    /** Checks every value. */
    public OnlineSinkSettings {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(retryPause, "retryPause");
        if (groupId.isBlank()) {
            throw new IllegalArgumentException("online sink: groupId must not be blank");
        }
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("online sink: maxPollRecords must be >= 1, was " + maxPollRecords);
        }
        if (pollTimeout.isNegative() || pollTimeout.isZero()) {
            throw new IllegalArgumentException("online sink: pollTimeout must be positive, was " + pollTimeout);
        }
        if (retryPause.isNegative()) {
            throw new IllegalArgumentException("online sink: retryPause must not be negative, was " + retryPause);
        }
    }

    /** Defaults for a view: group {@code <prefix>flywheel-online-<view>}, 500 records, 500 ms poll, 1 s pause. */
    public static OnlineSinkSettings defaults(String prefix, String view) {
        return new OnlineSinkSettings(prefix + "flywheel-online-" + view, 500, Duration.ofMillis(500), Duration.ofSeconds(1));
    }
}
