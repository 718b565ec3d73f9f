package dev.flywheel.platform.registry;

import dev.flywheel.platform.registry.CompatibilityChecker.PreviousVersion;
import dev.flywheel.platform.registry.RegistryValue.SchemaValue;
import dev.flywheel.platform.registry.SchemaParser.ParsedSchema;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the registry answers without writing: subjects, versions, schemas by id, lookups,
 * compatibility tests and the settings in force. Reads the {@link SchemaStore} only.
 */
final class RegistryQueries {

    private final SchemaStore store;
    private final SchemaParser parser;
    private final CompatibilityChecker checker;
    private final CompatibilityLevel defaultLevel;

    RegistryQueries(SchemaStore store, SchemaParser parser, CompatibilityChecker checker,
            CompatibilityLevel defaultLevel) {
        this.store = store;
        this.parser = parser;
        this.checker = checker;
        this.defaultLevel = defaultLevel;
    }

    /** Subject names, in order; soft-deleted ones with {@code deleted}, only them with {@code deletedOnly}. */
    List<String> subjects(String prefix, boolean deleted, boolean deletedOnly) {
        return store.subjects().stream()
                .filter(subject -> prefix == null || subject.startsWith(prefix))
                .filter(subject -> {
                    boolean live = store.versions(subject).stream().anyMatch(v -> !v.deleted());
                    return deletedOnly ? !live : live || deleted;
                })
                .toList();
    }

    /**
     * The subject's versions: live ones, or live and soft-deleted with {@code deleted}, or soft-deleted
     * only with {@code deletedOnly}.
     *
     * @throws RegistryException 40401 when the subject has no version that the flags let through
     */
    List<SchemaValue> versions(String subject, boolean deleted, boolean deletedOnly) {
        List<SchemaValue> all = store.versions(subject);
        boolean anyLive = all.stream().anyMatch(v -> !v.deleted());
        if (all.isEmpty() || (!anyLive && !deleted && !deletedOnly)) {
            throw subjectNotFound(subject);
        }
        return all.stream()
                .filter(v -> deletedOnly ? v.deleted() : deleted || !v.deleted())
                .toList();
    }

    /** 40401, saying so when the subject is only soft-deleted. */
    RegistryException subjectNotFound(String subject) {
        return store.versions(subject).isEmpty()
                ? RegistryErrors.subjectNotFound(subject)
                : RegistryErrors.subjectNotFoundSoftDeleted(subject);
    }

    /** The live versions, oldest first; empty when the subject is unknown or soft-deleted. */
    List<SchemaValue> liveVersions(String subject) {
        return store.versions(subject).stream().filter(v -> !v.deleted()).toList();
    }

    /**
     * One version of a subject; {@code latest} is the newest live one, or the newest of all with
     * {@code deleted}.
     *
     * @throws RegistryException 40401 for an unknown subject, 40402 for an unknown version
     */
    SchemaValue version(String subject, VersionId versionId, boolean deleted) {
        List<SchemaValue> candidates = store.versions(subject).stream()
                .filter(v -> deleted || !v.deleted())
                .toList();
        if (candidates.isEmpty()) {
            throw subjectNotFound(subject);
        }
        if (versionId.isLatest()) {
            return candidates.get(candidates.size() - 1);
        }
        return candidates.stream()
                .filter(v -> v.version() == versionId.number())
                .findFirst()
                .orElseThrow(() -> RegistryErrors.versionNotFound(versionId.number()));
    }

    /** @throws RegistryException 40403 when no version, deleted or not, uses the id */
    String schema(int id) {
        return store.schema(id).orElseThrow(() -> RegistryErrors.schemaNotFound(id));
    }

    /** The versions that use the id, soft-deleted ones only with {@code deleted}. */
    List<SchemaValue> versionsWithId(int id, boolean deleted) {
        schema(id);
        return store.versionsWithId(id).stream().filter(v -> deleted || !v.deleted()).toList();
    }

    /** The highest id ever registered, for {@code fetchMaxId}. */
    int maxId() {
        return store.maxId();
    }

    /**
     * The version of {@code subject} that holds the schema of the request.
     *
     * @throws RegistryException 42201 for an invalid schema, 40401 for an unknown subject, 40403 when the
     *     subject does not hold the schema
     */
    SchemaValue lookup(String subject, SchemaRequest request, boolean deleted) {
        ParsedSchema parsed = parse(request);
        List<SchemaValue> candidates = store.versions(subject).stream()
                .filter(v -> deleted || !v.deleted())
                .toList();
        if (candidates.isEmpty()) {
            throw subjectNotFound(subject);
        }
        OptionalInt id = store.id(parsed.canonical());
        return candidates.stream()
                .filter(v -> id.isPresent() && v.id() == id.getAsInt())
                .reduce((older, newer) -> newer.deleted() && !older.deleted() ? older : newer)
                .orElseThrow(RegistryErrors::schemaNotFound);
    }

    /**
     * Tests the request's schema against one version, or against the versions its compatibility level
     * names when {@code versionId} is latest or null. A subject without live versions accepts anything
     * when asked about its latest version, as in Confluent.
     *
     * @return the incompatibilities; empty when compatible
     */
    List<String> testCompatibility(String subject, VersionId versionId, SchemaRequest request) {
        ParsedSchema parsed = parse(request);
        List<SchemaValue> previous;
        if (versionId == null || versionId.isLatest()) {
            previous = liveVersions(subject);
        } else {
            previous = List.of(version(subject, versionId, false));
        }
        return checkAgainst(subject, parsed, previous);
    }

    /** Checks a parsed schema against earlier live versions with the subject's level. */
    List<String> checkAgainst(String subject, ParsedSchema parsed, List<SchemaValue> previous) {
        List<PreviousVersion> parsedPrevious = previous.stream()
                .map(v -> new PreviousVersion(v.version(), parser.parseStored(v.schema())))
                .toList();
        return checker.check(effectiveLevel(subject), parsed.avro(), parsedPrevious);
    }

    ParsedSchema parse(SchemaRequest request) {
        if (request.hasReferences()) {
            throw RegistryErrors.invalidSchema("Schema references are not supported by this registry: "
                    + "register the referenced types inline");
        }
        return parser.parse(request.schemaType(), request.schema());
    }

    /** The subject's level, else the global one, else the server default. */
    CompatibilityLevel effectiveLevel(String subject) {
        return store.subjectConfig(subject).orElseGet(this::globalLevel);
    }

    CompatibilityLevel globalLevel() {
        return store.globalConfig().orElse(defaultLevel);
    }

    /**
     * The subject's own level; with {@code defaultToGlobal} the global one when it has none.
     *
     * @throws RegistryException 40408 when the subject has no level of its own
     */
    CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        Optional<CompatibilityLevel> own = store.subjectConfig(subject);
        if (own.isPresent()) {
            return own.get();
        }
        if (defaultToGlobal) {
            return globalLevel();
        }
        throw RegistryErrors.subjectCompatibilityNotConfigured(subject);
    }

    Optional<CompatibilityLevel> ownLevel(String subject) {
        return subject == null ? store.globalConfig() : store.subjectConfig(subject);
    }

    /** The mode in force for a subject ({@code null}: the registry): a global READONLY_OVERRIDE wins. */
    Mode effectiveMode(String subject) {
        Mode global = globalMode();
        if (subject == null || global == Mode.READONLY_OVERRIDE) {
            return global;
        }
        return store.subjectMode(subject).orElse(global);
    }

    Mode globalMode() {
        return store.globalMode().orElse(Mode.READWRITE);
    }

    /**
     * The subject's own mode; with {@code defaultToGlobal} the global one when it has none.
     *
     * @throws RegistryException 40409 when the subject has no mode of its own
     */
    Mode subjectMode(String subject, boolean defaultToGlobal) {
        if (globalMode() == Mode.READONLY_OVERRIDE) {
            return Mode.READONLY_OVERRIDE;
        }
        Optional<Mode> own = store.subjectMode(subject);
        if (own.isPresent()) {
            return own.get();
        }
        if (defaultToGlobal) {
            return globalMode();
        }
        throw RegistryErrors.subjectModeNotConfigured(subject);
    }

    Optional<Mode> ownMode(String subject) {
        return store.subjectMode(subject);
    }

    int nextId() {
        return store.maxId() + 1;
    }

    Optional<String> schemaIfKnown(int id) {
        return store.schema(id);
    }

    OptionalInt idOf(String canonical) {
        return store.id(canonical);
    }

    List<SchemaValue> allVersions(String subject) {
        return store.versions(subject);
    }

    boolean hasLiveSubjects(String subject) {
        return subject == null
                ? !subjects(null, false, false).isEmpty()
                : !liveVersions(subject).isEmpty();
    }
}
