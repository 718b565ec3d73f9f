package dev.flywheel.registry.versions;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/** The registry's counters: registrations (by outcome) and commands (by type and whether applied). */
public final class RegistryMetrics {

    /** Counter of training statuses handled, tagged {@code model} and {@code outcome}. */
    public static final String REGISTRATIONS = "flywheel.registry.registrations";
    /** Counter of commands handled, tagged {@code type} and {@code applied}. */
    public static final String COMMANDS = "flywheel.registry.commands";

    private final MeterRegistry meters;

    /**
     * Creates the counters on a registry.
     *
     * @param meters where they are registered
     */
    public RegistryMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void registration(String model, String outcome) {
        meters.counter(REGISTRATIONS, "model", model, "outcome", outcome.toLowerCase(Locale.ROOT)).increment();
    }

    void command(RegistryCommand.Type type, boolean applied) {
        meters.counter(COMMANDS, "type", type.name().toLowerCase(Locale.ROOT), "applied", Boolean.toString(applied))
                .increment();
    }
}
