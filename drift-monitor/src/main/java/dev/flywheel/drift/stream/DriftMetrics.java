package dev.flywheel.drift.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A monitor's counters: {@code flywheel.drift.records{monitor,outcome}} (counted, late, unreferenced,
 * null_value), {@code flywheel.drift.windows{monitor}}, {@code flywheel.drift.alarms{monitor,transition}} and
 * {@code flywheel.drift.references{monitor}} (reference switches); and two gauges per feature, the score of the
 * latest window {@code flywheel.drift.score{monitor,feature,method}} and the threshold it is held against
 * {@code flywheel.drift.threshold{monitor,feature,method}}.
 */
public final class DriftMetrics {

    static final String SCORE = "flywheel.drift.score";
    static final String THRESHOLD = "flywheel.drift.threshold";

    private final MeterRegistry meters;
    private final String monitor;
    /** The latest score and threshold per feature and method, as double bits: the gauges read them. */
    private final Map<String, AtomicLong> latest = new ConcurrentHashMap<>();

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

    void score(String feature, String method, double score, double threshold) {
        latest(SCORE, feature, method, "Drift score of the latest window, per feature").set(Double.doubleToLongBits(score));
        latest(THRESHOLD, feature, method, "The threshold a feature's drift score is held against")
                .set(Double.doubleToLongBits(threshold));
    }

    private AtomicLong latest(String name, String feature, String method, String description) {
        return latest.computeIfAbsent(name + '|' + feature + '|' + method, key -> {
            AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            Gauge.builder(name, bits, b -> Double.longBitsToDouble(b.get())).tag("monitor", monitor)
                    .tag("feature", feature).tag("method", method).description(description).register(meters);
            return bits;
        });
    }
}
