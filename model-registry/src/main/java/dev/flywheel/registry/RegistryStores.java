package dev.flywheel.registry;

import dev.flywheel.registry.lineage.LineageNode;
import dev.flywheel.registry.versions.ModelSummary;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read access to the registry's stores: from a running stage (interactive queries over this instance's
 * tasks) or from a {@code TopologyTestDriver} in tests. Each call returns the store as it is now.
 */
public interface RegistryStores {

    /** Every version's current state, key {@code model/version}, value {@code ModelVersion}. */
    ReadOnlyKeyValueStore<String, SpecificRecord> versions();

    /** Every model's summary, key model. */
    ReadOnlyKeyValueStore<String, ModelSummary> models();

    /** The lineage index. */
    ReadOnlyKeyValueStore<String, LineageNode> lineage();
}
