package dev.flywheel.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A test double of a schema registry held in memory, for unit tests (for example with Kafka Streams'
 * {@code TopologyTestDriver}) that should not need a server. Not for production: nothing is persisted.
 *
 * <p>Follows the real registry where tests can observe it: ids are global and the same schema (by
 * canonical form, {@code new Schema.Parser().parse(s).toString()}) gets one id under every subject;
 * re-registering returns the existing id; versions number from max + 1 including soft-deleted ones;
 * compatibility levels (global and per subject, transitive included) are enforced with
 * {@link IncompatibleSchemaException}; soft and permanent deletes and the Confluent error codes apply.
 *
 * <p>Serdes configured by class name reach a shared instance through a {@code mock://<scope>} URL in
 * {@code schema.registry.url}: see {@link #forScope(String)}.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private final String name;
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, TreeMap<Integer, Version>> subjects = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private final Map<String, RegistryMode> subjectModes = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private RegistryMode globalMode = RegistryMode.READWRITE;
    private int nextId = 1;

    /** An empty registry. */
    public InMemorySchemaRegistryClient() {
        this("in-memory");
    }

    private InMemorySchemaRegistryClient(String name) {
        this.name = name;
    }

    /** The shared registry of a {@code mock://<scope>} URL, created on first use. */
    public static InMemorySchemaRegistryClient forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient("mock://" + s));
    }

    /** Forgets a scope so the next {@link #forScope} starts empty; call it after a test. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, String avroSchema) {
        Schema schema = parse(avroSchema);
        String canonical = schema.toString();
        if (mode(subject) == RegistryMode.READONLY || mode(subject) == RegistryMode.READONLY_OVERRIDE) {
            throw new SchemaRegistryException("Subject '" + subject + "' is in read-only mode", 422,
                    RegistryErrorCode.OPERATION_NOT_PERMITTED.code());
        }
        TreeMap<Integer, Version> versions = subjects.computeIfAbsent(subject, s -> new TreeMap<>());
        Integer existingId = idsByCanonical.get(canonical);
        for (Version v : versions.values()) {
            if (!v.deleted && existingId != null && v.id == existingId) {
                return v.id;
            }
        }
        List<String> problems = AvroCompatibility.problems(level(subject), schema, activeSchemas(versions));
        if (!problems.isEmpty()) {
            throw new IncompatibleSchemaException("Schema being registered is incompatible with an earlier schema for "
                    + "subject '" + subject + "': " + problems, RegistryErrorCode.INCOMPATIBLE_SCHEMA.code());
        }
        int id = idsByCanonical.computeIfAbsent(canonical, c -> nextId++);
        schemasById.putIfAbsent(id, schema);
        int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        versions.put(version, new Version(version, id));
        return id;
    }

    @Override
    public synchronized SchemaMetadata lookup(String subject, Schema schema) {
        Integer id = idsByCanonical.get(parse(schema.toString()).toString());
        for (Version v : active(subject).values()) {
            if (id != null && v.id == id) {
                return metadata(subject, v);
            }
        }
        throw notFound(RegistryErrorCode.SCHEMA_NOT_FOUND, "Schema not found under subject '" + subject + "'");
    }

    @Override
    public synchronized Schema getSchemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw notFound(RegistryErrorCode.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized List<String> getAllSubjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        subjects.forEach((subject, versions) -> {
            if (!versions.isEmpty() && (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted))) {
                names.add(subject);
            }
        });
        names.sort(null);
        return names;
    }

    @Override
    public synchronized List<Integer> getVersions(String subject) {
        return new ArrayList<>(active(subject).keySet());
    }

    @Override
    public synchronized SchemaMetadata getVersion(String subject, int version) {
        Version v = active(subject).get(version);
        if (v == null) {
            throw notFound(RegistryErrorCode.VERSION_NOT_FOUND, "Version " + version + " not found");
        }
        return metadata(subject, v);
    }

    @Override
    public synchronized SchemaMetadata getLatest(String subject) {
        return metadata(subject, active(subject).lastEntry().getValue());
    }

    @Override
    public synchronized boolean testCompatibility(String subject, String version, Schema schema) {
        TreeMap<Integer, Version> versions = active(subject);
        CompatibilityLevel level = level(subject);
        List<Schema> against;
        if ("latest".equals(version)) {
            against = activeSchemas(versions);
        } else {
            Version v = versions.get(parseVersion(version));
            if (v == null) {
                throw notFound(RegistryErrorCode.VERSION_NOT_FOUND, "Version " + version + " not found");
            }
            against = List.of(schemasById.get(v.id));
        }
        return AvroCompatibility.problems(level, schema, against).isEmpty();
    }

    @Override
    public synchronized CompatibilityLevel getGlobalCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = level;
    }

    @Override
    public synchronized CompatibilityLevel getCompatibility(String subject) {
        CompatibilityLevel level = subjectLevels.get(subject);
        if (level == null) {
            throw notFound(RegistryErrorCode.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
                    "Subject '" + subject + "' does not have subject-level compatibility configured");
        }
        return level;
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        subjectLevels.put(subject, level);
    }

    @Override
    public synchronized void deleteCompatibility(String subject) {
        subjectLevels.remove(subject);
    }

    @Override
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        TreeMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw notFound(RegistryErrorCode.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found");
        }
        boolean anyActive = versions.values().stream().anyMatch(v -> !v.deleted);
        if (permanent) {
            if (anyActive) {
                throw notFound(RegistryErrorCode.SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
                        + "' was not deleted first before being permanently deleted");
            }
            subjects.remove(subject);
            return new ArrayList<>(versions.keySet());
        }
        if (!anyActive) {
            throw notFound(RegistryErrorCode.SUBJECT_SOFT_DELETED, "Subject '" + subject + "' was soft deleted");
        }
        List<Integer> deleted = new ArrayList<>();
        versions.values().stream().filter(v -> !v.deleted).forEach(v -> {
            v.deleted = true;
            deleted.add(v.version);
        });
        return deleted;
    }

    @Override
    public synchronized int deleteVersion(String subject, int version, boolean permanent) {
        TreeMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw notFound(RegistryErrorCode.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found");
        }
        Version v = versions.get(version);
        if (v == null) {
            throw notFound(RegistryErrorCode.VERSION_NOT_FOUND, "Version " + version + " not found");
        }
        if (permanent) {
            if (!v.deleted) {
                throw notFound(RegistryErrorCode.SCHEMA_VERSION_NOT_SOFT_DELETED, "Version " + version
                        + " was not deleted first before being permanently deleted");
            }
            versions.remove(version);
        } else if (v.deleted) {
            throw notFound(RegistryErrorCode.SCHEMA_VERSION_SOFT_DELETED, "Version " + version + " was soft deleted");
        } else {
            v.deleted = true;
        }
        return version;
    }

    @Override
    public synchronized RegistryMode getMode() {
        return globalMode;
    }

    @Override
    public synchronized void setMode(RegistryMode mode) {
        globalMode = mode;
    }

    @Override
    public synchronized RegistryMode getMode(String subject) {
        return mode(subject);
    }

    @Override
    public synchronized void setMode(String subject, RegistryMode mode) {
        subjectModes.put(subject, mode);
    }

    @Override
    public String describe() {
        return name;
    }

    private RegistryMode mode(String subject) {
        return subjectModes.getOrDefault(subject, globalMode);
    }

    private CompatibilityLevel level(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    /** Non-deleted versions of a subject; 40401 when there are none. */
    private TreeMap<Integer, Version> active(String subject) {
        TreeMap<Integer, Version> result = new TreeMap<>();
        subjects.getOrDefault(subject, new TreeMap<>()).forEach((n, v) -> {
            if (!v.deleted) {
                result.put(n, v);
            }
        });
        if (result.isEmpty()) {
            throw notFound(RegistryErrorCode.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found");
        }
        return result;
    }

    private List<Schema> activeSchemas(TreeMap<Integer, Version> versions) {
        return versions.values().stream().filter(v -> !v.deleted).map(v -> schemasById.get(v.id)).toList();
    }

    private SchemaMetadata metadata(String subject, Version v) {
        return new SchemaMetadata(subject, v.version, v.id, SchemaMetadata.AVRO, schemasById.get(v.id).toString());
    }

    private static Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException | NullPointerException e) {
            throw new SchemaRegistryException("Invalid schema: " + e.getMessage(), 422,
                    RegistryErrorCode.INVALID_SCHEMA.code(), e);
        }
    }

    private static int parseVersion(String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException("The specified version '" + version + "' is not a valid version id",
                    422, RegistryErrorCode.INVALID_VERSION.code(), e);
        }
    }

    private static SchemaRegistryException notFound(RegistryErrorCode code, String message) {
        int status = code.code() / 100;
        return new SchemaRegistryException(message, status, code.code());
    }

    /** One version of a subject; mutable only in its deleted flag, under the client's lock. */
    private static final class Version {
        final int version;
        final int id;
        boolean deleted;

        Version(int version, int id) {
            this.version = version;
            this.id = id;
        }
    }
}
