package dev.flywheel.features.replay;

import java.util.Map;

/** The offsets of a source topic a replay is planned from, by partition. */
public interface SourceOffsets {

    /** The first retained offset of every partition. */
    Map<Integer, Long> earliest();

    /** The end of every partition now, as a read_committed reader sees it (the last stable offset). */
    Map<Integer, Long> end();

    /**
     * The first offset of every partition whose record timestamp is at or after {@code millis} (Kafka's
     * {@code offsetsForTimes}); the end for a partition with none.
     *
     * @param millis epoch milliseconds, not negative
     * @return the offsets
     */
    Map<Integer, Long> atTime(long millis);
}
