package dev.flywheel.features.online;

import feast.proto.types.ValueProto.Value;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The key of one entity row: join key name to value, kept sorted by name as Feast sorts them before
 * serializing. Values must be {@code string_val}, {@code int32_val}, {@code int64_val} or {@code bytes_val}.
 *
 * @param values join key name to value, sorted by name
 */
public record EntityKey(SortedMap<String, Value> values) {

    /** Checks there is at least one join key and copies the map. */
    public EntityKey {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an entity key needs at least one join key");
        }
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /** An entity key of one join key. */
    public static EntityKey of(String joinKey, Value value) {
        return new EntityKey(new TreeMap<>(Map.of(joinKey, value)));
    }

    /** An entity key of several join keys, in any order. */
    public static EntityKey of(Map<String, Value> values) {
        return new EntityKey(new TreeMap<>(values));
    }
}
