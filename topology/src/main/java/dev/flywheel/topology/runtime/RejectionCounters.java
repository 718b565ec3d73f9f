package dev.flywheel.topology.runtime;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe in-memory {@link RejectionMetrics}, readable by a metrics endpoint or a test. */
public final class RejectionCounters implements RejectionMetrics {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void rejected(String sourceTopic, String reasonCode) {
        counts.computeIfAbsent(key(sourceTopic, reasonCode), k -> new LongAdder()).increment();
    }

    /**
     * Returns how many records of a topic were rejected for a reason.
     *
     * @param sourceTopic the source topic
     * @param reasonCode the reason code
     * @return the count
     */
    public long count(String sourceTopic, String reasonCode) {
        LongAdder adder = counts.get(key(sourceTopic, reasonCode));
        return adder == null ? 0 : adder.sum();
    }

    /** Returns every count, keyed {@code topic/reason}, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((key, adder) -> snapshot.put(key, adder.sum()));
        return snapshot;
    }

    private static String key(String sourceTopic, String reasonCode) {
        return sourceTopic + "/" + reasonCode;
    }
}
