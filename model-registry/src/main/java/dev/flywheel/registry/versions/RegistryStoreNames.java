package dev.flywheel.registry.versions;

/** Names of the registry's state stores (and so of their changelog topics). */
public final class RegistryStoreNames {

    /** Every version's current state, key {@code model/version}, value {@code ModelVersion}. */
    public static final String VERSIONS = "registry-versions";
    /** Every model's {@link ModelSummary}, key model. */
    public static final String MODELS = "registry-models";
    /** Lineage index: event id (and {@code request:<id>}, {@code dataset:<id>}) to lineage node. */
    public static final String LINEAGE = "registry-lineage";

    private RegistryStoreNames() {
    }
}
