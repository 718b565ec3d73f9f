package dev.flywheel.registry.versions;

import dev.flywheel.registry.artifact.ArtifactStore;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.topology.runtime.Mdc;
import dev.flywheel.topology.spec.FlywheelSpec;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.MDC;

/** Successful training statuses (keyed by model) in, registry events for {@code flywheel.models} out. */
public final class RegistrationProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private final FlywheelSpec spec;
    private final ArtifactStore artifacts;
    private final Clock clock;
    private final RegistryMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;
    private Registrar registrar;

    /**
     * Creates the processor.
     *
     * @param spec the models and their promotion policies
     * @param artifacts reads artifacts to check their SHA-256
     * @param clock stamps the events
     * @param metrics counts registrations
     */
    public RegistrationProcessor(FlywheelSpec spec, ArtifactStore artifacts, Clock clock, RegistryMetrics metrics) {
        this.spec = spec;
        this.artifacts = artifacts;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.registrar = new Registrar(spec, artifacts, RegistryState.of(context), clock, metrics);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (!(record.value() instanceof TrainingJobStatus status)) {
            return;
        }
        try (MDC.MDCCloseable model = Mdc.put(Mdc.MODEL, status.getModel());
             MDC.MDCCloseable request = Mdc.put(Mdc.REQUEST, status.getRequestId())) {
            registrar.register(status).forEach(out -> context.forward(record.withKey(out.key()).withValue(out.value())));
        }
    }
}
