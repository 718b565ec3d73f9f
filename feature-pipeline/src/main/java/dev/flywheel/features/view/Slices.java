package dev.flywheel.features.view;

import java.util.Arrays;
import java.util.List;

/**
 * The slices of one entity in one {@link WindowGroup}: slice start (epoch ms) to the accumulators of the group's
 * features over the events of that slice, kept in start order. Part of an {@link EntityState}.
 */
final class Slices {

    private long[] starts;
    private FeatureState[] states;
    private int size;

    Slices() {
        this(4);
    }

    Slices(int capacity) {
        starts = new long[Math.max(1, capacity)];
        states = new FeatureState[starts.length];
    }

    /** Returns the number of slices. */
    int size() {
        return size;
    }

    /** Returns the start of the slice at an index (in start order). */
    long start(int index) {
        return starts[index];
    }

    /** Returns the state of the slice at an index (in start order). */
    FeatureState state(int index) {
        return states[index];
    }

    /** Returns the slice that starts at {@code start}, or null. */
    FeatureState get(long start) {
        int at = find(start);
        return at >= 0 ? states[at] : null;
    }

    /**
     * Returns the slice that starts at {@code start}, creating an empty one of these features when there is none.
     * Events mostly arrive in time order, so the newest slice is looked at first.
     */
    FeatureState getOrCreate(long start, List<FeatureDef> features) {
        if (size > 0 && starts[size - 1] == start) {
            return states[size - 1];
        }
        int at = size == 0 || starts[size - 1] < start ? -size - 1 : find(start);
        if (at >= 0) {
            return states[at];
        }
        FeatureState state = new FeatureState(features);
        insert(-at - 1, start, state);
        return state;
    }

    /** Appends a slice read back from storage; slices must come in increasing start order. */
    void append(long start, FeatureState state) {
        if (size > 0 && starts[size - 1] >= start) {
            throw new IllegalArgumentException("slice " + start + " is not after slice " + starts[size - 1]);
        }
        insert(size, start, state);
    }

    /**
     * Drops the slices that start at or before {@code cutoff} (out of the group's retention).
     *
     * @return whether any was dropped
     */
    boolean dropUpTo(long cutoff) {
        int keep = 0;
        while (keep < size && starts[keep] <= cutoff) {
            keep++;
        }
        if (keep == 0) {
            return false;
        }
        System.arraycopy(starts, keep, starts, 0, size - keep);
        System.arraycopy(states, keep, states, 0, size - keep);
        Arrays.fill(states, size - keep, size, null);
        size -= keep;
        return true;
    }

    /** Returns the merge, in time order, of the slices that start within {@code [from, to]}. */
    FeatureState merge(long from, long to, List<FeatureDef> features) {
        FeatureState merged = new FeatureState(features);
        for (int i = 0; i < size && starts[i] <= to; i++) {
            if (starts[i] >= from) {
                merged.merge(states[i]);
            }
        }
        return merged;
    }

    private int find(long start) {
        return Arrays.binarySearch(starts, 0, size, start);
    }

    private void insert(int at, long start, FeatureState state) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            states = Arrays.copyOf(states, size * 2);
        }
        System.arraycopy(starts, at, starts, at + 1, size - at);
        System.arraycopy(states, at, states, at + 1, size - at);
        starts[at] = start;
        states[at] = state;
        size++;
    }
}
