package dev.flywheel.features.offline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Object keys of the offline tier: {@code <prefix>/<view|source>=<name>/date=<yyyy-mm-dd>/<topic>+<partition>+<first offset>.parquet}.
 *
 * <p>The name carries the topic, partition and the offset of the object's first record, zero-padded to 20 digits
 * so keys sort by offset. It does not carry the last offset: after a crash between the PUT and the offset commit, the
 * records are read again from the committed offset, so the object for that date again starts at the same first
 * offset and overwrites the orphan, even if it now rolls at another last offset (the Kafka Connect S3 sink names
 * its objects the same way). The offset range of every object is in its {@code DataAvailable} event.
 */
public final class OfflinePaths {

    private OfflinePaths() {
    }

    /** The key prefix of every object of one target: {@code offline/view=card_spend/}. */
    public static String targetPrefix(String prefix, OfflineTarget.Kind kind, String name) {
        return prefix + "/" + kind.partitionKey() + "=" + name + "/";
    }

    /** The key prefix of one date: {@code offline/view=card_spend/date=2026-01-01/}. */
    public static String datePrefix(String prefix, OfflineTarget.Kind kind, String name, LocalDate date) {
        return targetPrefix(prefix, kind, name) + "date=" + date + "/";
    }

    /** The key of an object. */
    public static String objectKey(String prefix, OfflineTarget.Kind kind, String name, LocalDate date, String topic,
                                   int partition, long firstOffset) {
        return datePrefix(prefix, kind, name, date) + topic + "+" + partition + "+" + String.format("%020d", firstOffset)
                + ".parquet";
    }

    /** The UTC date of an event time. */
    public static LocalDate dateOf(long eventTimeMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(eventTimeMillis), ZoneOffset.UTC);
    }

    /** The date of a key's {@code date=} partition, or null when it has none. */
    public static LocalDate dateOfKey(String key) {
        int at = key.indexOf("/date=");
        if (at < 0 || key.length() < at + 16) {
            return null;
        }
        return LocalDate.parse(key.substring(at + 6, at + 16));
    }
}
