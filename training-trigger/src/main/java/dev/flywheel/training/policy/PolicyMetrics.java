package dev.flywheel.training.policy;

import dev.flywheel.schemas.events.TriggerKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/** The policy's counters: {@code flywheel.training.triggers{kind, outcome}}. */
public final class PolicyMetrics {

    private final MeterRegistry meters;

    /**
     * Creates the counters' home.
     *
     * @param meters where they are registered
     */
    public PolicyMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void accepted(TriggerKind kind) {
        count(kind.name(), "accepted");
    }

    void requested(TriggerKind kind) {
        count(kind.name(), "requested");
    }

    void ignored(String why) {
        count("any", why);
    }

    private void count(String kind, String outcome) {
        Counter.builder("flywheel.training.triggers").tag("kind", kind.toLowerCase(Locale.ROOT)).tag("outcome", outcome)
                .description("retrain triggers by kind and outcome").register(meters).increment();
    }
}
