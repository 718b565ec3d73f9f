package dev.flywheel.features.view;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The counters of one view: {@code flywheel.features.events.in} (records read from the source, whatever
 * became of them) and {@code flywheel.features.rows.out} (feature rows written), both tagged
 * {@code view}. Records refused to the DLQ are counted by {@link MicrometerRejectionMetrics}.
 */
public final class FeatureViewMetrics {

    /** Name of the counter of records read. */
    public static final String EVENTS_IN = "flywheel.features.events.in";
    /** Name of the counter of feature rows written. */
    public static final String ROWS_OUT = "flywheel.features.rows.out";

    private final Counter eventsIn;
    private final Counter rowsOut;

    /**
     * Registers the counters of a view.
     *
     * @param registry the registry
     * @param view the view name
     */
    public FeatureViewMetrics(MeterRegistry registry, String view) {
        this.eventsIn = Counter.builder(EVENTS_IN).tag("view", view).description("source records read")
                .register(registry);
        this.rowsOut = Counter.builder(ROWS_OUT).tag("view", view).description("feature rows written")
                .register(registry);
    }

    void eventIn() {
        eventsIn.increment();
    }

    void rowOut() {
        rowsOut.increment();
    }
}
