package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * The window a drift monitor compares with its reference: a number of events or a span of event time.
 * A window whose slide equals its size is tumbling; a smaller slide makes it sliding.
 */
public sealed interface MonitorWindow {

    /** Returns whether the window tumbles (its slide equals its size). */
    boolean tumbling();

    /**
     * A window of the last {@code size} events, moving by {@code slide} events.
     *
     * @param size events per window
     * @param slide events per step
     */
    record Count(long size, long slide) implements MonitorWindow {

        @Override
        public boolean tumbling() {
            return size == slide;
        }
    }

    /**
     * A window of event time, moving by {@code slide}.
     *
     * @param size the span of the window
     * @param slide the step
     */
    record Time(Duration size, Duration slide) implements MonitorWindow {

        /** Checks the parts are present. */
        public Time {
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(slide, "slide");
        }

        @Override
        public boolean tumbling() {
            return size.equals(slide);
        }
    }
}
