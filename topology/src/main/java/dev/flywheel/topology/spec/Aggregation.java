package dev.flywheel.topology.spec;

import java.util.Locale;

/** How a feature is computed from the records of its source. */
public enum Aggregation implements SpecEnum {
    /** Number of records; needs no field. */
    COUNT,
    /** Sum of a numeric field. */
    SUM,
    /** Mean of a numeric field. */
    AVG,
    /** Smallest value of a field. */
    MIN,
    /** Largest value of a field. */
    MAX,
    /** Value of the earliest record by event time. */
    FIRST,
    /** Value of the latest record by event time. */
    LAST,
    /** Number of distinct values of a field (may be approximate, see the feature pipeline). */
    DISTINCT_COUNT,
    /** The field's value copied as is, without a window. */
    PASSTHROUGH;

    @Override
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns whether this aggregation reads a field of the record. */
    public boolean needsField() {
        return this != COUNT;
    }
}
