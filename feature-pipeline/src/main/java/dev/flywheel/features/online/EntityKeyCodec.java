package dev.flywheel.features.online;

import feast.proto.types.ValueProto.Value;
import feast.proto.types.ValueProto.ValueType;
import java.io.ByteArrayOutputStream;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 24 * key.values().size());
        if (version == EntityKeySerialization.V3) {
            writeInt(out, key.values().size());
        }
        for (String name : key.values().keySet()) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            writeInt(out, ValueType.Enum.STRING_VALUE);
            if (version == EntityKeySerialization.V3) {
                writeInt(out, utf8.length);
            }
            out.writeBytes(utf8);
        }
        for (Map.Entry<String, Value> entry : key.values().entrySet()) {
            writeValue(out, entry.getKey(), entry.getValue());
        }
        return out.toByteArray();
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
        byte[] entity = serialize(key, version);
        byte[] suffix = project.getBytes(StandardCharsets.UTF_8);
        byte[] redisKey = new byte[entity.length + suffix.length];
        System.arraycopy(entity, 0, redisKey, 0, entity.length);
        System.arraycopy(suffix, 0, redisKey, entity.length, suffix.length);
        return redisKey;
    }

    private static void writeValue(ByteArrayOutputStream out, String name, Value value) {
        byte[] bytes;
        int type;
        switch (value.getValCase()) {
            case STRING_VAL -> {
                bytes = value.getStringVal().getBytes(StandardCharsets.UTF_8);
                type = ValueType.Enum.STRING_VALUE;
            }
            case BYTES_VAL -> {
                bytes = value.getBytesVal().toByteArray();
                type = ValueType.Enum.BYTES_VALUE;
            }
            case INT32_VAL -> {
                bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value.getInt32Val()).array();
                type = ValueType.Enum.INT32_VALUE;
            }
            case INT64_VAL -> {
                bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value.getInt64Val()).array();
                type = ValueType.Enum.INT64_VALUE;
            }
            default -> throw new IllegalArgumentException(
                    "entity key '" + name + "' has a " + value.getValCase() + " value; Feast keys are string, bytes, int32 or int64");
        }
        writeInt(out, type);
        writeInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
        out.write((value >>> 16) & 0xff);
        out.write((value >>> 24) & 0xff);
    }
}
