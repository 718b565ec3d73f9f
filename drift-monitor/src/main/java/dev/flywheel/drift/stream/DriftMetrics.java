package dev.flywheel.drift.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A monitor's counters: {@code flywheel.drift.records{monitor,outcome}} (counted, late, unreferenced,
 * null_value), {@code flywheel.drift.windows{monitor}}, {@code flywheel.drift.alarms{monitor,transition}} and
 * {@code flywheel.drift.references{monitor}} (reference switches).
 */
public final class DriftMetrics {

    private final MeterRegistry meters;
    private final String monitor;

    /**
     * Creates the counters of a monitor.
     *
     * @param meters the registry
     * @param monitor the monitor name
     */
    public DriftMetrics(MeterRegistry meters, String monitor) {
        this.meters = meters;
        this.monitor = monitor;
    }

    void record(String outcome) {
        Counter.builder("flywheel.drift.records").tag("monitor", monitor).tag("outcome", outcome)
                .description("Records a drift monitor read, by what became of them").register(meters).increment();
    }

    void window() {
        Counter.builder("flywheel.drift.windows").tag("monitor", monitor)
                .description("Windows compared with the reference").register(meters).increment();
    }

    void referenceSwitched() {
        Counter.builder("flywheel.drift.references").tag("monitor", monitor)
                .description("Times a monitor took a new reference").register(meters).increment();
    }

    void alarm(String transition) {
        Counter.builder("flywheel.drift.alarms").tag("monitor", monitor).tag("transition", transition)
                .description("Drift alarms opened and closed").register(meters).increment();
    }
}
