package dev.flywheel.features.dataset;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.io.api.Binary;

/**
 * Entity keys (their text, as {@code features.<view>} keys are built) numbered in order of first appearance in the
 * entity rows. Feature rows are looked up by key: a key no entity row has gets {@code -1} and its rows are dropped
 * before any join work. Memory: one entry per distinct entity key of the entity rows.
 *
 * <p>Lookups by UTF-8 bytes (the hot path: one per feature row) go through a {@link ByteKeys} table built once from
 * the keys: an open-addressing table over the keys' bytes laid end to end, so a lookup hashes the bytes Parquet hands
 * over and compares them in place, without {@code Binary} objects, boxing or pointer chasing.
 */
final class KeyDictionary {

    private final Map<String, Integer> ids = new HashMap<>();
    private volatile ByteKeys byteKeys;

    /** The id of a key, numbering it when new. */
    int add(String key) {
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        int next = ids.size();
        ids.put(key, next);
        byteKeys = null;
        return next;
    }

    /** The id of a key, -1 when no entity row has it. */
    int id(String key) {
        Integer id = ids.get(key);
        return id == null ? -1 : id;
    }

    /** The id of a key given as UTF-8 bytes (a single text entity column), -1 when no entity row has it. */
    int id(Binary key) {
        ByteBuffer bytes = key.toByteBuffer();
        if (bytes.hasArray()) {
            return byteKeys().id(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        }
        byte[] copy = key.getBytes();
        return byteKeys().id(copy, 0, copy.length);
    }

    /** The id of a key given as UTF-8 bytes {@code bytes[offset, offset + length)}, -1 when no entity row has it. */
    int id(byte[] bytes, int offset, int length) {
        return byteKeys().id(bytes, offset, length);
    }

    /** Distinct keys. */
    int size() {
        return ids.size();
    }

    private ByteKeys byteKeys() {
        ByteKeys table = byteKeys;
        if (table == null) {
            synchronized (this) {
                if (byteKeys == null) {
                    byteKeys = new ByteKeys(ids);
                }
                table = byteKeys;
            }
        }
        return table;
    }

    /** Immutable open-addressing table from a key's UTF-8 bytes to its id (linear probing, load at most 1/2). */
    private static final class ByteKeys {
        private final byte[] arena;
        private final int[] start;
        private final int[] hashes;
        private final int[] slots;
        private final int mask;

        ByteKeys(Map<String, Integer> ids) {
            int n = ids.size();
            byte[][] encoded = new byte[n][];
            int total = 0;
            for (Map.Entry<String, Integer> e : ids.entrySet()) {
                encoded[e.getValue()] = e.getKey().getBytes(StandardCharsets.UTF_8);
                total += encoded[e.getValue()].length;
            }
            arena = new byte[total];
            start = new int[n + 1];
            hashes = new int[n];
            int capacity = Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1;
            slots = new int[capacity];
            mask = capacity - 1;
            for (int id = 0; id < n; id++) {
                System.arraycopy(encoded[id], 0, arena, start[id], encoded[id].length);
                start[id + 1] = start[id] + encoded[id].length;
                int hash = hash(encoded[id], 0, encoded[id].length);
                hashes[id] = hash;
                int slot = hash & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = id + 1;
            }
        }

        int id(byte[] bytes, int offset, int length) {
            int hash = hash(bytes, offset, length);
            for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
                int entry = slots[slot];
                if (entry == 0) {
                    return -1;
                }
                int id = entry - 1;
                if (hashes[id] == hash && Arrays.equals(arena, start[id], start[id + 1], bytes, offset, offset + length)) {
                    return id;
                }
            }
        }

        private static int hash(byte[] bytes, int offset, int length) {
            int h = 0;
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + bytes[i];
            }
            h ^= h >>> 16; // murmur3's finaliser: spread the low bits the mask keeps
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            return h ^ (h >>> 16);
        }
    }
}
