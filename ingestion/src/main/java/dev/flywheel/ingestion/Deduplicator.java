package dev.flywheel.ingestion;

import java.time.Duration;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Remembers event ids in a window store: an id is a duplicate when it was first accepted less than the
 * window before or after this record's timestamp. The store's retention drops ids once stream time has
 * moved past them, so memory is bounded by the ids of one retention period.
 */
final class Deduplicator {

    private final WindowStore<String, Long> store;
    private final long windowMs;

    Deduplicator(WindowStore<String, Long> store, Duration window) {
        this.store = store;
        this.windowMs = window.toMillis();
    }

    /** Returns whether the id is new within the window, and if so remembers it at this timestamp. */
    boolean firstSighting(String id, long timestamp) {
        long from = Math.max(0, timestamp - windowMs + 1);
        long to = timestamp > Long.MAX_VALUE - windowMs ? Long.MAX_VALUE : timestamp + windowMs - 1;
        try (WindowStoreIterator<Long> seen = store.fetch(id, from, to)) {
            if (seen.hasNext()) {
                return false;
            }
        }
        store.put(id, timestamp, timestamp);
        return true;
    }
}
