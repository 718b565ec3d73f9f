package dev.flywheel.platform.registry;

import dev.flywheel.platform.registry.RegistryKey.ConfigKey;
import dev.flywheel.platform.registry.RegistryKey.DeleteSubjectKey;
import dev.flywheel.platform.registry.RegistryKey.ModeKey;
import dev.flywheel.platform.registry.RegistryKey.SchemaKey;
import dev.flywheel.platform.registry.RegistryValue.ConfigValue;
import dev.flywheel.platform.registry.RegistryValue.DeleteSubjectValue;
import dev.flywheel.platform.registry.RegistryValue.ModeValue;
import dev.flywheel.platform.registry.RegistryValue.SchemaValue;
import dev.flywheel.platform.registry.SchemaParser.ParsedSchema;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that changes the registry: register, delete, config and mode. Each command checks against
 * the current state and appends records through the {@link SchemaLogWriter}, which returns once they are
 * applied. Commands run one at a time, as on Confluent's single leader, so the state a command checked
 * is still the state it writes on.
 */
final class RegistryCommands {

    private static final Logger log = LoggerFactory.getLogger(RegistryCommands.class);

    /** The id and version a register request ended with. */
    record Registered(int id, int version) {
    }

    private final RegistryQueries queries;
    private final SchemaLogWriter writer;
    private final ReentrantLock writeLock = new ReentrantLock();

    RegistryCommands(RegistryQueries queries, SchemaLogWriter writer) {
        this.queries = queries;
        this.writer = writer;
    }

    /**
     * Registers a schema under a subject, or returns the version that already holds it. A schema known
     * under any subject keeps its id; a new version is one more than the highest, soft-deleted included.
     *
     * @throws RegistryException 42201 invalid schema, 409 incompatible, 42205 not permitted in this mode
     */
    Registered register(String subject, SchemaRequest request) {
        writeLock.lock();
        try {
            ParsedSchema parsed = queries.parse(request);
            List<SchemaValue> all = queries.allVersions(subject);
            List<SchemaValue> live = all.stream().filter(v -> !v.deleted()).toList();
            OptionalInt knownId = queries.idOf(parsed.canonical());
            // As in Confluent, a schema the subject already holds is answered in any mode, read-only too:
            // serializers that auto-register keep working against a frozen registry.
            if (knownId.isPresent() && !request.hasExplicitVersion()
                    && (!request.hasExplicitId() || request.id() == knownId.getAsInt())) {
                Optional<SchemaValue> existing = live.stream().filter(v -> v.id() == knownId.getAsInt()).findFirst();
                if (existing.isPresent()) {
                    return new Registered(existing.get().id(), existing.get().version());
                }
            }
            Mode mode = requireRegisterMode(subject, request);
            if (mode != Mode.IMPORT) {
                List<String> problems = queries.checkAgainst(subject, parsed, live);
                if (!problems.isEmpty()) {
                    log.info("Rejected an incompatible schema for subject '{}': {}", subject, problems);
                    throw RegistryErrors.incompatibleSchema(subject, problems.toString());
                }
            }
            int version = newVersion(subject, request, mode, all);
            int id = newId(request, knownId, parsed);
            for (SchemaValue earlier : all) {
                // Confluent tombstones a soft-deleted version whose schema comes back under the subject.
                if (earlier.deleted() && earlier.id() == id && earlier.version() < version) {
                    writer.write(new SchemaKey(subject, earlier.version()), null);
                }
            }
            writer.write(new SchemaKey(subject, version),
                    new SchemaValue(subject, version, id, SchemaParser.AVRO, parsed.canonical(), false));
            log.info("Registered schema id {} as version {} of subject '{}'", id, version, subject);
            return new Registered(id, version);
        } finally {
            writeLock.unlock();
        }
    }

    private Mode requireRegisterMode(String subject, SchemaRequest request) {
        Mode mode = requireWritable(subject);
        if (request.hasExplicitId() && mode != Mode.IMPORT) {
            throw RegistryErrors.operationNotPermitted("Subject '" + subject + "' is not in import mode: "
                    + "a schema id may only be given in mode IMPORT");
        }
        if (!request.hasExplicitId() && mode == Mode.IMPORT) {
            throw RegistryErrors.operationNotPermitted("Subject '" + subject + "' is not in read-write mode: "
                    + "in mode IMPORT every schema needs its id");
        }
        return mode;
    }

    private static int newVersion(String subject, SchemaRequest request, Mode mode, List<SchemaValue> all) {
        int next = all.isEmpty() ? 1 : all.get(all.size() - 1).version() + 1;
        if (!request.hasExplicitVersion()) {
            return next;
        }
        if (mode == Mode.IMPORT) {
            if (all.stream().anyMatch(v -> v.version() == request.version())) {
                throw RegistryErrors.operationNotPermitted("Version " + request.version() + " of subject '"
                        + subject + "' already exists");
            }
            return request.version();
        }
        if (request.version() != next) {
            throw RegistryErrors.invalidSchema("Version is not one more than previous version: expected "
                    + next + ", got " + request.version());
        }
        return next;
    }

    private int newId(SchemaRequest request, OptionalInt knownId, ParsedSchema parsed) {
        if (!request.hasExplicitId()) {
            return knownId.isPresent() ? knownId.getAsInt() : queries.nextId();
        }
        Optional<String> holder = queries.schemaIfKnown(request.id());
        if (holder.isPresent() && !holder.get().equals(parsed.canonical())) {
            throw RegistryErrors.operationNotPermitted("Overwrite new schema with id " + request.id()
                    + " is not permitted.");
        }
        return request.id();
    }

    /**
     * Soft-deletes every live version of a subject, or with {@code permanent} removes a soft-deleted
     * subject for good. A soft delete also drops the subject's own config and mode, as in Confluent.
     *
     * @return the versions deleted
     * @throws RegistryException 40401 unknown subject, 40404 already soft-deleted, 40405 permanent delete
     *     of a subject that was not soft-deleted first
     */
    List<Integer> deleteSubject(String subject, boolean permanent) {
        writeLock.lock();
        try {
            requireWritable(subject);
            List<SchemaValue> all = queries.allVersions(subject);
            if (all.isEmpty()) {
                throw RegistryErrors.subjectNotFound(subject);
            }
            List<SchemaValue> live = all.stream().filter(v -> !v.deleted()).toList();
            if (permanent) {
                if (!live.isEmpty()) {
                    throw RegistryErrors.subjectNotSoftDeleted(subject);
                }
                for (SchemaValue version : all) {
                    writer.write(new SchemaKey(subject, version.version()), null);
                }
                log.info("Permanently deleted subject '{}' (versions {})", subject, versionsOf(all));
                return versionsOf(all);
            }
            if (live.isEmpty()) {
                throw RegistryErrors.subjectSoftDeleted(subject);
            }
            int watermark = live.get(live.size() - 1).version();
            writer.write(new DeleteSubjectKey(subject), new DeleteSubjectValue(subject, watermark));
            dropSubjectSettings(subject);
            log.info("Soft-deleted subject '{}' (versions {})", subject, versionsOf(live));
            return versionsOf(live);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Soft-deletes one version, or with {@code permanent} removes a soft-deleted version for good.
     *
     * @throws RegistryException 40401, 40402, 40406 already soft-deleted, 40407 not soft-deleted first
     */
    int deleteVersion(String subject, VersionId versionId, boolean permanent) {
        writeLock.lock();
        try {
            requireWritable(subject);
            List<SchemaValue> all = queries.allVersions(subject);
            if (all.isEmpty()) {
                throw RegistryErrors.subjectNotFound(subject);
            }
            SchemaValue target = target(subject, versionId, permanent, all);
            if (!permanent && target.deleted()) {
                throw RegistryErrors.versionSoftDeleted(subject, target.version());
            }
            if (permanent && !target.deleted()) {
                throw RegistryErrors.versionNotSoftDeleted(subject, target.version());
            }
            SchemaKey key = new SchemaKey(subject, target.version());
            if (permanent) {
                writer.write(key, null);
                log.info("Permanently deleted version {} of subject '{}'", target.version(), subject);
            } else {
                writer.write(key, target.asDeleted());
                if (queries.liveVersions(subject).isEmpty()) {
                    dropSubjectSettings(subject);
                }
                log.info("Soft-deleted version {} of subject '{}'", target.version(), subject);
            }
            return target.version();
        } finally {
            writeLock.unlock();
        }
    }

    /** {@code latest} is the newest live version for a soft delete, the newest of all for a permanent one. */
    private static SchemaValue target(String subject, VersionId versionId, boolean permanent, List<SchemaValue> all) {
        if (!versionId.isLatest()) {
            return all.stream().filter(v -> v.version() == versionId.number()).findFirst()
                    .orElseThrow(() -> RegistryErrors.versionNotFound(versionId.number()));
        }
        List<SchemaValue> candidates = permanent ? all : all.stream().filter(v -> !v.deleted()).toList();
        if (candidates.isEmpty()) {
            throw RegistryErrors.versionSoftDeleted(subject, all.get(all.size() - 1).version());
        }
        return candidates.get(candidates.size() - 1);
    }

    private void dropSubjectSettings(String subject) {
        if (queries.ownMode(subject).isPresent()) {
            writer.write(new ModeKey(subject), null);
        }
        if (queries.ownLevel(subject).isPresent()) {
            writer.write(new ConfigKey(subject), null);
        }
    }

    /**
     * Sets the compatibility level of a subject, or the global one when {@code subject} is null.
     *
     * @throws RegistryException 42203 unknown level, 42205 read-only
     */
    CompatibilityLevel setLevel(String subject, String levelName) {
        CompatibilityLevel level = CompatibilityLevel.forName(levelName)
                .orElseThrow(() -> RegistryErrors.invalidCompatibilityLevel(levelName));
        writeLock.lock();
        try {
            requireWritable(subject);
            writer.write(new ConfigKey(subject), new ConfigValue(subject, level));
            log.info("Compatibility of {} set to {}", describe(subject), level);
            return level;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Removes a subject's level (it falls back to the global one), or resets the global level to the
     * server default when {@code subject} is null.
     *
     * @return the level removed
     * @throws RegistryException 40401 when the subject has no level of its own
     */
    CompatibilityLevel deleteLevel(String subject) {
        writeLock.lock();
        try {
            CompatibilityLevel current = subject == null
                    ? queries.globalLevel()
                    : queries.ownLevel(subject).orElseThrow(() -> RegistryErrors.subjectNotFound(subject));
            requireWritable(subject);
            writer.write(new ConfigKey(subject), null);
            log.info("Compatibility setting of {} removed (was {})", describe(subject), current);
            return current;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Sets the mode of a subject, or the global one when {@code subject} is null. Switching to IMPORT
     * needs an empty target unless {@code force}, as in Confluent.
     *
     * @throws RegistryException 42204 unknown mode, 42205 IMPORT over existing schemas
     */
    Mode setMode(String subject, String modeName, boolean force) {
        Mode mode = Mode.forName(modeName).orElseThrow(() -> RegistryErrors.invalidMode(modeName));
        writeLock.lock();
        try {
            if (mode == Mode.IMPORT && !force && queries.effectiveMode(subject) != Mode.IMPORT
                    && queries.hasLiveSubjects(subject)) {
                throw RegistryErrors.operationNotPermitted("Cannot import since found existing subjects "
                        + "(set force=true to switch to IMPORT anyway)");
            }
            writer.write(new ModeKey(subject), new ModeValue(subject, mode));
            log.info("Mode of {} set to {}", describe(subject), mode);
            return mode;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Removes a subject's own mode; it falls back to the global one.
     *
     * @return the mode removed
     * @throws RegistryException 40401 when the subject has no mode of its own
     */
    Mode deleteMode(String subject) {
        writeLock.lock();
        try {
            Mode current = queries.ownMode(subject).orElseThrow(() -> RegistryErrors.subjectNotFound(subject));
            writer.write(new ModeKey(subject), null);
            log.info("Mode setting of {} removed (was {})", describe(subject), current);
            return current;
        } finally {
            writeLock.unlock();
        }
    }

    private Mode requireWritable(String subject) {
        Mode mode = queries.effectiveMode(subject);
        if (mode.readOnly()) {
            throw RegistryErrors.operationNotPermitted((subject == null ? "The registry" : "Subject '" + subject + "'")
                    + " is in read-only mode (" + mode + ")");
        }
        return mode;
    }

    private static List<Integer> versionsOf(List<SchemaValue> versions) {
        return versions.stream().map(SchemaValue::version).toList();
    }

    private static String describe(String subject) {
        return subject == null ? "the registry" : "subject '" + subject + "'";
    }
}
