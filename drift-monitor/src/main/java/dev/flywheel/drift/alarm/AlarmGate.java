package dev.flywheel.drift.alarm;

import java.time.Duration;

/**
 * Alarm discipline: an alarm opens once when a window crosses its threshold, stays open while the windows
 * stay above the hysteresis band, and closes when one falls below it. A new alarm of the same key cannot open
 * within the cooldown (event time, from the end of the window that opened the previous one), so a score
 * that hovers around the threshold cannot raise alarm after alarm.
 *
 * <p>Hysteresis: a distance closes under {@code threshold * (1 - HYSTERESIS)}; a p-value closes above
 * {@code min(threshold * (1 + RESOLVE_FACTOR), (1 + threshold) / 2)}: for a test at 0.05, when p is over 0.1.
 */
public final class AlarmGate {

    /** Share of a distance threshold the score must fall below before an alarm closes. */
    public static final double HYSTERESIS = 0.2;
    /** For p-values: how far above the threshold (relative) p must climb before an alarm closes. */
    public static final double RESOLVE_FACTOR = 1.0;

    /** What to do after a window. */
    public enum Transition {
        /** Open an alarm: emit {@code DriftDetected}. */
        OPEN,
        /** Close the open alarm: emit {@code DriftResolved}. */
        RESOLVE,
        /** Nothing to emit. */
        NONE
    }

    private final Duration cooldown;

    /**
     * Creates a gate.
     *
     * @param cooldown the least event time between the windows that open two alarms of one key
     */
    public AlarmGate(Duration cooldown) {
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must not be negative, got " + cooldown);
        }
        this.cooldown = cooldown;
    }

    /**
     * Decides on a window.
     *
     * @param state the key's alarm
     * @param crossed whether the window crossed the threshold
     * @param cleared whether the window is below the hysteresis band
     * @param windowEnd event time of the window's end
     * @return the transition
     */
    public Transition decide(AlarmState state, boolean crossed, boolean cleared, long windowEnd) {
        if (state.open()) {
            return cleared ? Transition.RESOLVE : Transition.NONE;
        }
        boolean cooling = state.openedWindowEnd() != Long.MIN_VALUE
                && windowEnd - state.openedWindowEnd() < cooldown.toMillis();
        return crossed && !cooling ? Transition.OPEN : Transition.NONE;
    }

    /**
     * Decides on a change detector's signal (concept drift, where the detector's own test is the hysteresis): a
     * signal that the rate rose opens an alarm unless one is open or the cooldown is running; a signal that it
     * fell closes the open alarm.
     *
     * @param state the alarm
     * @param direction the signal's direction: positive when the rate rose, negative when it fell
     * @param time event time of the value that completed the signal
     * @return the transition
     */
    public Transition decideOnChange(AlarmState state, int direction, long time) {
        if (direction > 0) {
            return decide(state, true, false, time);
        }
        return state.open() ? Transition.RESOLVE : Transition.NONE;
    }

    /**
     * Returns whether a score is below the hysteresis band.
     *
     * @param score the score
     * @param threshold the threshold
     * @param pValue whether the score is a p-value (drift when low)
     * @return true when an open alarm may close
     */
    public static boolean cleared(double score, double threshold, boolean pValue) {
        return pValue ? score > band(threshold, true) : score < band(threshold, false);
    }

    /**
     * Returns the edge of the hysteresis band: the value a score must pass for an open alarm to close.
     *
     * @param threshold the threshold
     * @param pValue whether scores are p-values
     * @return the band edge
     */
    public static double band(double threshold, boolean pValue) {
        return pValue ? Math.min(threshold * (1 + RESOLVE_FACTOR), (1 + threshold) / 2) : threshold * (1 - HYSTERESIS);
    }
}
