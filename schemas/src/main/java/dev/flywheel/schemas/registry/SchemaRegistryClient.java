package dev.flywheel.schemas.registry;

import java.io.Closeable;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Client of a Confluent-compatible schema registry (Confluent Schema Registry, Apicurio's ccompat API,
 * Karapace, Redpanda, or Flywheel's own in {@code platform/}). Implementations are thread-safe and may be
 * shared by many serdes.
 *
 * <p>Errors surface as {@link SchemaRegistryException} carrying the HTTP status and {@code error_code};
 * an incompatible schema as {@link IncompatibleSchemaException}.
 *
 * @see HttpSchemaRegistryClient
 * @see InMemorySchemaRegistryClient
 */
public interface SchemaRegistryClient extends Closeable {

    /**
     * Registers an Avro schema under a subject, or finds it when already registered.
     *
     * @return the global schema id
     * @throws IncompatibleSchemaException when the subject's compatibility level refuses it
     */
    default int register(String subject, Schema schema) {
        return register(subject, schema.toString());
    }

    /** Registers an Avro schema given as text; see {@link #register(String, Schema)}. */
    int register(String subject, String avroSchema);

    /**
     * Finds the version of a subject that holds this schema ({@code POST /subjects/{subject}}).
     *
     * @throws SchemaRegistryException 40401 when the subject does not exist, 40403 when the schema is not
     *     registered under it
     */
    SchemaMetadata lookup(String subject, Schema schema);

    /** The global id of a schema already registered under a subject; see {@link #lookup}. */
    default int getId(String subject, Schema schema) {
        return lookup(subject, schema).id();
    }

    /**
     * The Avro schema with this global id.
     *
     * @throws SchemaRegistryException 40403 when no schema has this id
     * @throws IllegalArgumentException when the id names a schema that is not Avro (JSON, PROTOBUF)
     */
    Schema getSchemaById(int id);

    /** Every subject that is not soft-deleted. */
    default List<String> getAllSubjects() {
        return getAllSubjects(false);
    }

    /** Every subject, including soft-deleted ones when {@code includeDeleted}. */
    List<String> getAllSubjects(boolean includeDeleted);

    /** The version numbers of a subject, ascending. */
    List<Integer> getVersions(String subject);

    /** One version of a subject. */
    SchemaMetadata getVersion(String subject, int version);

    /** The latest version of a subject; implementations may cache it for a short time. */
    SchemaMetadata getLatest(String subject);

    /** Whether a schema is compatible with the latest version of a subject under its compatibility level. */
    default boolean testCompatibility(String subject, Schema schema) {
        return testCompatibility(subject, "latest", schema);
    }

    /** Whether a schema is compatible with the given version ({@code "latest"} or a number) of a subject. */
    boolean testCompatibility(String subject, String version, Schema schema);

    /** The global compatibility level. */
    CompatibilityLevel getGlobalCompatibility();

    /** Sets the global compatibility level. */
    void setGlobalCompatibility(CompatibilityLevel level);

    /**
     * The compatibility level configured on a subject.
     *
     * @throws SchemaRegistryException 40408 when the subject has no level of its own
     */
    CompatibilityLevel getCompatibility(String subject);

    /** Sets a subject's own compatibility level, which overrides the global one. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** Removes a subject's own compatibility level so the global one applies again. */
    void deleteCompatibility(String subject);

    /**
     * Deletes a subject. A soft delete hides it; a permanent delete (only after a soft one) removes it.
     *
     * @return the deleted version numbers
     */
    List<Integer> deleteSubject(String subject, boolean permanent);

    /** Deletes one version of a subject, softly or (after a soft delete) permanently; returns the version. */
    int deleteVersion(String subject, int version, boolean permanent);

    /** The global mode. */
    RegistryMode getMode();

    /** Sets the global mode. */
    void setMode(RegistryMode mode);

    /** A subject's mode. */
    RegistryMode getMode(String subject);

    /** Sets a subject's mode. */
    void setMode(String subject, RegistryMode mode);

    /** Where this client talks to, for error messages (e.g. {@code http://localhost:8081}). */
    String describe();

    /** Releases resources; the default does nothing. */
    @Override
    default void close() {
    }
}
