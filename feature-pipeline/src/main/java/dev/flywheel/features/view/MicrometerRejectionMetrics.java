package dev.flywheel.features.view;

import dev.flywheel.topology.runtime.RejectionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link RejectionMetrics} on Micrometer: counter {@code flywheel.dlq.rejected} tagged {@code stage},
 * {@code topic} and {@code reason}.
 */
public final class MicrometerRejectionMetrics implements RejectionMetrics {

    /** Name of the counter. */
    public static final String REJECTED = "flywheel.dlq.rejected";

    private final MeterRegistry registry;
    private final String stage;

    /**
     * Creates the metrics of a stage.
     *
     * @param registry the registry
     * @param stage the stage name
     */
    public MicrometerRejectionMetrics(MeterRegistry registry, String stage) {
        this.registry = registry;
        this.stage = stage;
    }

    @Override
    public void rejected(String sourceTopic, String reasonCode) {
        Counter.builder(REJECTED).tag("stage", stage).tag("topic", sourceTopic).tag("reason", reasonCode)
                .description("records routed to a dead-letter topic").register(registry).increment();
    }
}
