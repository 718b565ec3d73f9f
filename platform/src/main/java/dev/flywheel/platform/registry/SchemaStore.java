package dev.flywheel.platform.registry;

import dev.flywheel.platform.registry.RegistryKey.ConfigKey;
import dev.flywheel.platform.registry.RegistryKey.DeleteSubjectKey;
import dev.flywheel.platform.registry.RegistryKey.ModeKey;
import dev.flywheel.platform.registry.RegistryKey.SchemaKey;
import dev.flywheel.platform.registry.RegistryValue.ConfigValue;
import dev.flywheel.platform.registry.RegistryValue.DeleteSubjectValue;
import dev.flywheel.platform.registry.RegistryValue.ModeValue;
import dev.flywheel.platform.registry.RegistryValue.SchemaValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry's state in memory, built only by {@link #apply applying} the records of the
 * {@code _schemas} topic in order. Nothing else writes it: a request changes state by writing a record
 * and waiting until the reader has applied it.
 *
 * <p>Soft-deleted versions stay here, flagged, so their ids still resolve; tombstones remove them.
 * Methods are synchronized: the reader thread writes while HTTP threads read.
 */
final class SchemaStore {

    private static final Comparator<SchemaKey> KEY_ORDER =
            Comparator.comparing(SchemaKey::subject).thenComparingInt(SchemaKey::version);

    private final Map<String, NavigableMap<Integer, SchemaValue>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<Integer, Set<SchemaKey>> keysById = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectConfigs = new HashMap<>();
    private final Map<String, Mode> subjectModes = new HashMap<>();
    private CompatibilityLevel globalConfig;
    private Mode globalMode;
    private int maxId;

    /** Applies one record of the topic; {@code value} is null for a tombstone. */
    synchronized void apply(RegistryKey key, RegistryValue value) {
        if (key instanceof SchemaKey k) {
            if (value == null) {
                removeVersion(k);
            } else {
                putVersion(k, (SchemaValue) value);
            }
        } else if (key instanceof ConfigKey k) {
            CompatibilityLevel level = value == null ? null : ((ConfigValue) value).compatibilityLevel();
            if (k.subject() == null) {
                globalConfig = level;
            } else if (level == null) {
                subjectConfigs.remove(k.subject());
            } else {
                subjectConfigs.put(k.subject(), level);
            }
        } else if (key instanceof ModeKey k) {
            Mode mode = value == null ? null : ((ModeValue) value).mode();
            if (k.subject() == null) {
                globalMode = mode;
            } else if (mode == null) {
                subjectModes.remove(k.subject());
            } else {
                subjectModes.put(k.subject(), mode);
            }
        } else if (key instanceof DeleteSubjectKey k && value instanceof DeleteSubjectValue v) {
            NavigableMap<Integer, SchemaValue> versions = subjects.get(k.subject());
            if (versions != null) {
                versions.headMap(v.version(), true).replaceAll((version, schema) -> schema.asDeleted());
            }
        }
    }

    private void putVersion(SchemaKey key, SchemaValue value) {
        SchemaValue previous = subjects.computeIfAbsent(key.subject(), s -> new TreeMap<>())
                .put(key.version(), value);
        if (previous != null && previous.id() != value.id()) {
            unindex(key, previous.id());
        }
        keysById.computeIfAbsent(value.id(), id -> new TreeSet<>(KEY_ORDER)).add(key);
        schemaById.putIfAbsent(value.id(), value.schema());
        idBySchema.putIfAbsent(value.schema(), value.id());
        maxId = Math.max(maxId, value.id());
    }

    private void removeVersion(SchemaKey key) {
        NavigableMap<Integer, SchemaValue> versions = subjects.get(key.subject());
        if (versions == null) {
            return;
        }
        SchemaValue removed = versions.remove(key.version());
        if (versions.isEmpty()) {
            subjects.remove(key.subject());
        }
        if (removed != null) {
            unindex(key, removed.id());
        }
    }

    /** An id stays known while any version, deleted or not, still uses it. */
    private void unindex(SchemaKey key, int id) {
        Set<SchemaKey> keys = keysById.get(id);
        if (keys == null) {
            return;
        }
        keys.remove(key);
        if (keys.isEmpty()) {
            keysById.remove(id);
            String schema = schemaById.remove(id);
            idBySchema.remove(schema, id);
        }
    }

    /** Every subject that has at least one version, deleted or not, in name order. */
    synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    /** Every version of the subject, soft-deleted ones included, oldest first; empty when unknown. */
    synchronized List<SchemaValue> versions(String subject) {
        NavigableMap<Integer, SchemaValue> versions = subjects.get(subject);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    synchronized Optional<SchemaValue> version(String subject, int version) {
        NavigableMap<Integer, SchemaValue> versions = subjects.get(subject);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    synchronized Optional<String> schema(int id) {
        return Optional.ofNullable(schemaById.get(id));
    }

    /** The id of a canonical schema that some version still uses. */
    synchronized OptionalInt id(String canonicalSchema) {
        Integer id = idBySchema.get(canonicalSchema);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The versions, deleted ones included, that use this id, by subject and version. */
    synchronized List<SchemaValue> versionsWithId(int id) {
        List<SchemaValue> result = new ArrayList<>();
        for (SchemaKey key : keysById.getOrDefault(id, Set.of())) {
            result.add(subjects.get(key.subject()).get(key.version()));
        }
        return result;
    }

    synchronized Optional<CompatibilityLevel> globalConfig() {
        return Optional.ofNullable(globalConfig);
    }

    synchronized Optional<CompatibilityLevel> subjectConfig(String subject) {
        return Optional.ofNullable(subjectConfigs.get(subject));
    }

    synchronized Optional<Mode> globalMode() {
        return Optional.ofNullable(globalMode);
    }

    synchronized Optional<Mode> subjectMode(String subject) {
        return Optional.ofNullable(subjectModes.get(subject));
    }

    /** The highest id ever applied in this process, so ids are never handed out twice. */
    synchronized int maxId() {
        return maxId;
    }
}
