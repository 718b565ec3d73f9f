package dev.flywheel.topology.runtime;

/**
 * Counts rejected records by source topic and reason code. Stages wire it to their metrics registry;
 * {@link RejectionCounters} keeps the counts in memory.
 */
@FunctionalInterface
public interface RejectionMetrics {

    /**
     * Counts one rejected record.
     *
     * @param sourceTopic the topic it came from
     * @param reasonCode why it was rejected
     */
    void rejected(String sourceTopic, String reasonCode);
}
