package dev.flywheel.drift.detect;

import java.nio.ByteBuffer;
import java.util.Optional;

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

    /** Returns the evidence of the last signalled change; empty before the first. */
    Optional<Change> lastChange();

    /** Encodes the detector's state (not its last change) for a state store. */
    byte[] encode();

    /**
     * Decodes a detector written by {@link #encode()}.
     *
     * @param bytes the encoded state
     * @return the detector
     */
    static ChangeDetector decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte tag = buffer.get();
        return switch (tag) {
            case Adwin.TAG -> Adwin.decode(buffer);
            case PageHinkley.TAG -> PageHinkley.decode(buffer);
            default -> throw new IllegalArgumentException("unknown detector tag " + tag);
        };
    }
}
