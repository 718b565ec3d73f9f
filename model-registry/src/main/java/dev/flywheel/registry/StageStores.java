package dev.flywheel.registry;

import dev.flywheel.registry.lineage.LineageNode;
import dev.flywheel.registry.versions.ModelSummary;
import dev.flywheel.registry.versions.RegistryStoreNames;
import dev.flywheel.topology.runtime.Stage;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The stores of a running registry stage, through interactive queries over this instance's tasks. */
final class StageStores implements RegistryStores {

    private final Stage stage;

    StageStores(Stage stage) {
        this.stage = stage;
    }

    @Override
    public ReadOnlyKeyValueStore<String, SpecificRecord> versions() {
        return store(RegistryStoreNames.VERSIONS);
    }

    @Override
    public ReadOnlyKeyValueStore<String, ModelSummary> models() {
        return store(RegistryStoreNames.MODELS);
    }

    @Override
    public ReadOnlyKeyValueStore<String, LineageNode> lineage() {
        return store(RegistryStoreNames.LINEAGE);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        try {
            return stage.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
        } catch (IllegalStateException notStarted) {
            throw new RegistryUnavailableException("The registry is not running", notStarted);
        }
    }
}
