package dev.flywheel.features.dataset;

import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.io.api.Binary;

/**
 * Entity keys (their text, as {@code features.<view>} keys are built) numbered in order of first appearance in the
 * entity rows. Feature rows are looked up by key: a key no entity row has gets {@code -1} and its rows are dropped
 * before any join work. Memory: one entry per distinct entity key of the entity rows.
 */
final class KeyDictionary {

    private final Map<String, Integer> ids = new HashMap<>();
    private volatile Map<Binary, Integer> binaryIds;

    /** The id of a key, numbering it when new. */
    int add(String key) {
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        int next = ids.size();
        ids.put(key, next);
        binaryIds = null;
        return next;
    }

    /** The id of a key, -1 when no entity row has it. */
    int id(String key) {
        Integer id = ids.get(key);
        return id == null ? -1 : id;
    }

    /** The id of a key given as UTF-8 bytes (a single text entity column), -1 when no entity row has it. */
    int id(Binary key) {
        Map<Binary, Integer> byBytes = binaryIds;
        if (byBytes == null) {
            synchronized (this) {
                if (binaryIds == null) {
                    Map<Binary, Integer> built = new HashMap<>(ids.size() * 2);
                    ids.forEach((text, id) -> built.put(Binary.fromString(text), id));
                    binaryIds = built;
                }
                byBytes = binaryIds;
            }
        }
        Integer id = byBytes.get(key);
        return id == null ? -1 : id;
    }

    /** Distinct keys. */
    int size() {
        return ids.size();
    }
}
