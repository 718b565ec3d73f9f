package dev.flywheel.features.online;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feast's Redis layout for one project: the key of an entity row and the hash fields of views and features.
 * Field names are computed once and cached.
 */
public final class RedisLayout {

    private final String project;
    private final EntityKeySerialization version;
    private final byte[] projectBytes;
    private final Map<String, Map<String, byte[]>> featureFields = new ConcurrentHashMap<>();
    private final Map<String, byte[]> timestampFields = new ConcurrentHashMap<>();
    private final Map<String, byte[]> createdFields = new ConcurrentHashMap<>();

    /**
     * A layout.
     *
     * @param project the Feast project, suffixed to each key
     * @param version the entity key serialization version
     */
    public RedisLayout(String project, EntityKeySerialization version) {
        this.project = Objects.requireNonNull(project, "project");
        this.version = Objects.requireNonNull(version, "version");
        this.projectBytes = project.getBytes(StandardCharsets.UTF_8);
    }

    /** The layout a config describes. */
    public static RedisLayout of(OnlineStoreConfig config) {
        return new RedisLayout(config.project(), config.keySerialization());
    }

    /** The project. */
    public String project() {
        return project;
    }

    /** The serialization version. */
    public EntityKeySerialization version() {
        return version;
    }

    /** The Redis key of an entity row. */
    public byte[] key(EntityKey entityKey) {
        return EntityKeyCodec.encode(entityKey, version, projectBytes);
    }

    /** The hash field of a feature; callers must not modify the array. */
    public byte[] featureField(String view, String feature) {
        // Two lookups by the names as given: no "view:feature" text built per row and feature.
        return featureFields.computeIfAbsent(view, v -> new ConcurrentHashMap<>())
                .computeIfAbsent(feature, f -> FeatureFieldNames.featureField(view, f));
    }

    /** The {@code _ts:<view>} hash field; callers must not modify the array. */
    public byte[] timestampField(String view) {
        return timestampFields.computeIfAbsent(view, FeatureFieldNames::timestampField);
    }

    /**
     * The {@code _created:<view>} hash field, ours, not Feast's: the created time of the stored row, the tie-breaker
     * between rows of equal event time. Feast's readers never see it: they HMGET the feature fields and
     * {@code _ts:<view>}, or (Java server, 50 fields or more) HGETALL and keep only the requested murmur3 fields
     * and fields starting with {@code _ts} ({@code RedisHashDecoder}), which this one does not. Callers must not
     * modify the array.
     */
    public byte[] createdField(String view) {
        return createdFields.computeIfAbsent(view, v -> ("_created:" + v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
