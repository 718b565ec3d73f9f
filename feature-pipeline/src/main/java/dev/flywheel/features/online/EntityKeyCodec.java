package dev.flywheel.features.online;

import feast.proto.types.ValueProto.Value;
import feast.proto.types.ValueProto.ValueType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Feast's {@code serialize_entity_key}, byte for byte: names first (sorted), then values, every integer
 * little-endian. Version 3 adds the key count and each name's length; Feast's Python writes the name's length
 * in characters, this codec in UTF-8 bytes (what its reader consumes); they differ only for non-ASCII names,
 * which Avro field names cannot be.
 */
public final class EntityKeyCodec {

    private EntityKeyCodec() {
    }

    /**
     * Serializes an entity key.
     *
     * @param key the key
     * @param version the serialization version
     * @return the serialized key, without the project suffix
     */
    public static byte[] serialize(EntityKey key, EntityKeySerialization version) {
        return encode(key, version, new byte[0]);
    }

    /**
     * The Redis key of an entity row: the serialized entity key followed by the UTF-8 project name.
     *
     * @param key the key
     * @param project the Feast project
     * @param version the serialization version
     * @return the Redis key
     */
    public static byte[] redisKey(EntityKey key, String project, EntityKeySerialization version) {
        return encode(key, version, project.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The serialized key followed by a suffix, sized first and written into one array: no stream whose every
     * byte write takes a lock, no growing buffer, no copy for the suffix.
     */
    static byte[] encode(EntityKey key, EntityKeySerialization version, byte[] suffix) {
        boolean v3 = version == EntityKeySerialization.V3;
        int count = key.values().size();
        byte[][] names = new byte[count][];
        byte[][] values = new byte[count][];
        int[] types = new int[count];
        int size = (v3 ? Integer.BYTES : 0) + suffix.length;
        int i = 0;
        for (Map.Entry<String, Value> entry : key.values().entrySet()) {
            names[i] = entry.getKey().getBytes(StandardCharsets.UTF_8);
            Value value = entry.getValue();
            switch (value.getValCase()) {
                case STRING_VAL -> {
                    values[i] = value.getStringVal().getBytes(StandardCharsets.UTF_8);
                    types[i] = ValueType.Enum.STRING_VALUE;
                }
                case BYTES_VAL -> {
                    values[i] = value.getBytesVal().toByteArray();
                    types[i] = ValueType.Enum.BYTES_VALUE;
                }
                case INT32_VAL -> {
                    values[i] = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value.getInt32Val()).array();
                    types[i] = ValueType.Enum.INT32_VALUE;
                }
                case INT64_VAL -> {
                    values[i] = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value.getInt64Val()).array();
                    types[i] = ValueType.Enum.INT64_VALUE;
                }
                default -> throw new IllegalArgumentException("entity key '" + entry.getKey() + "' has a "
                        + value.getValCase() + " value; Feast keys are string, bytes, int32 or int64");
            }
            size += Integer.BYTES + (v3 ? Integer.BYTES : 0) + names[i].length + 2 * Integer.BYTES + values[i].length;
            i++;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        if (v3) {
            out.putInt(count);
        }
        for (byte[] name : names) {
            out.putInt(ValueType.Enum.STRING_VALUE);
            if (v3) {
                out.putInt(name.length);
            }
            out.put(name);
        }
        for (int v = 0; v < count; v++) {
            out.putInt(types[v]).putInt(values[v].length).put(values[v]);
        }
        out.put(suffix);
        return out.array();
    }
}
