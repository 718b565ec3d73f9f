package dev.flywheel.topology.config;

import java.util.Arrays;
import java.util.Locale;

/** How much of Kafka Streams' own metrics the stages expose (setting {@code metrics.kafka.streams.detail}). */
public enum StreamsMetricsDetail {
    /**
     * Client-, stream-thread- and stage-level meters: process, commit and poll rates and latencies per thread,
     * alive stream threads, client state, and the Kafka clients' own meters (consumer fetch and lag, producer
     * sends, ...). Per-task, per-processor-node, per-state-store and per-broker-connection meters are dropped.
     */
    STAGE,
    /** Every meter Kafka Streams and its clients register. */
    ALL;

    /** Returns the setting value of this level: {@code stage} or {@code all}. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the setting values of every level. */
    public static String[] names() {
        return Arrays.stream(values()).map(StreamsMetricsDetail::settingValue).toArray(String[]::new);
    }

    /**
     * Returns the level of a setting value.
     *
     * @param value {@code stage} or {@code all}
     * @return the level
     * @throws IllegalArgumentException for any other value
     */
    public static StreamsMetricsDetail of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
