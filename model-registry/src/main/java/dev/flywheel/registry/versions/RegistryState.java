package dev.flywheel.registry.versions;

import dev.flywheel.schemas.events.ModelVersion;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The two stores a registry task writes: every version's current state ({@code model/version}) and every
 * model's {@link ModelSummary}. Both are changelogged, so a restarted registry has them back; the same states
 * are published on {@code flywheel.models}.
 */
final class RegistryState {

    private final KeyValueStore<String, SpecificRecord> versions;
    private final KeyValueStore<String, ModelSummary> models;

    RegistryState(KeyValueStore<String, SpecificRecord> versions, KeyValueStore<String, ModelSummary> models) {
        this.versions = versions;
        this.models = models;
    }

    /** Returns the state over the stores of a processor's task. */
    static RegistryState of(ProcessorContext<?, ?> context) {
        return new RegistryState(context.getStateStore(RegistryStoreNames.VERSIONS),
                context.getStateStore(RegistryStoreNames.MODELS));
    }

    ModelSummary summary(String model) {
        ModelSummary summary = models.get(model);
        return summary == null ? ModelSummary.empty(model) : summary;
    }

    Optional<ModelVersion> version(String model, int version) {
        return Optional.ofNullable((ModelVersion) versions.get(RegistryKeys.version(model, version)));
    }

    Optional<ModelVersion> champion(ModelSummary summary) {
        return summary.championVersion().flatMap(version -> version(summary.model(), version));
    }

    void put(ModelVersion version) {
        versions.put(RegistryKeys.version(version.getModel(), version.getVersion()), version);
    }

    void put(ModelSummary summary) {
        models.put(summary.model(), summary);
    }
}
