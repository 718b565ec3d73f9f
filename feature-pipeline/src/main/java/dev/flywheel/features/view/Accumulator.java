package dev.flywheel.features.view;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The running state of one feature over some events (a slice, a window, all time). Accumulators merge,
 * so a window's value is the merge of its slices. Values given to {@link #add} are normalized to the
 * feature's input type; nulls are ignored by every aggregation except {@code count} without a field
 * (which counts records) and {@code passthrough} (which copies the latest value as is).
 */
sealed interface Accumulator permits Accumulators.Count, Accumulators.Sum, Accumulators.Avg, Accumulators.Extreme,
        Accumulators.Ordered, Accumulators.Distinct {

    /**
     * Adds one event.
     *
     * @param eventTime its event time, epoch milliseconds
     * @param value the field's value, or null
     */
    void add(long eventTime, Object value);

    /** Merges another accumulator of the same feature into this one. */
    void merge(Accumulator other);

    /** Returns the feature value in its output type, or null when there is none. */
    Object result();

    /** Writes the state. */
    void write(DataOutput out) throws IOException;

    /** Reads the state written by {@link #write} into this (fresh) accumulator. */
    void read(DataInput in) throws IOException;
}
