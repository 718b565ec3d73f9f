package dev.flywheel.registry.versions;

import dev.flywheel.topology.runtime.Mdc;
import dev.flywheel.topology.spec.FlywheelSpec;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.MDC;

/** Promote and rollback commands (keyed by model) in, registry events for {@code flywheel.models} out. */
public final class CommandProcessor implements Processor<String, RegistryCommand, String, SpecificRecord> {

    private final FlywheelSpec spec;
    private final Clock clock;
    private final RegistryMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;
    private Commander commander;

    /**
     * Creates the processor.
     *
     * @param spec the models and their promotion policies
     * @param clock stamps the events
     * @param metrics counts commands
     */
    public CommandProcessor(FlywheelSpec spec, Clock clock, RegistryMetrics metrics) {
        this.spec = spec;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.commander = new Commander(spec, RegistryState.of(context), clock, metrics);
    }

    @Override
    public void process(Record<String, RegistryCommand> record) {
        RegistryCommand command = record.value();
        if (command == null) {
            return;
        }
        try (MDC.MDCCloseable model = Mdc.put(Mdc.MODEL, command.model())) {
            commander.apply(command).forEach(out -> context.forward(record.<String>withKey(out.key())
                    .withValue(out.value())));
        }
    }
}
