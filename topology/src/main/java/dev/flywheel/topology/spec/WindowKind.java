package dev.flywheel.topology.spec;

import java.util.Locale;

/** The shape of a feature's time window. */
public enum WindowKind implements SpecEnum {
    /** Fixed, non-overlapping windows of one size. */
    TUMBLING,
    /** Fixed-size windows that advance by a hop smaller than or equal to their size. */
    HOPPING,
    /** Windows that move with each record (Kafka Streams sliding windows). */
    SLIDING;

    @Override
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
