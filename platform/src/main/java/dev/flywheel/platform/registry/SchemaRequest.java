package dev.flywheel.platform.registry;

/**
 * The body of a register, lookup or compatibility request: the schema text, its type ({@code null}
 * means AVRO), whether it names references, and the explicit id and version that only IMPORT mode
 * accepts.
 */
record SchemaRequest(String schema, String schemaType, boolean hasReferences, Integer id, Integer version) {

    boolean hasExplicitId() {
        return id != null && id >= 0;
    }

    boolean hasExplicitVersion() {
        return version != null && version > 0;
    }
}
