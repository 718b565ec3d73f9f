package dev.flywheel.drift.detect;

/** A detector of a change in the mean of a stream of values (an error-rate stream: 0/1 or losses). */
public sealed interface ChangeDetector permits Adwin, PageHinkley {

    /**
     * Adds the next value.
     *
     * @param value the value
     * @return true when this value completes the evidence of a change; the detector then starts afresh
     */
    boolean add(double value);

    /** Returns the mean of the values the detector currently holds (its estimate of the current rate). */
    double mean();

    /** Returns how many values the detector currently holds. */
    long size();
}
