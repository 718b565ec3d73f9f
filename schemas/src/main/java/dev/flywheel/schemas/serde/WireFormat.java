package dev.flywheel.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.util.OptionalInt;

/**
 * The Confluent wire format: byte {@code 0x00}, the writer schema's global id as 4 bytes big-endian, then
 * the Avro binary body (for a top-level {@code bytes} schema, the raw bytes, as Confluent's Java serializer
 * writes them).
 */
public final class WireFormat {

    /** The only magic byte this format knows. */
    public static final byte MAGIC_BYTE = 0x0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /**
     * The schema id of a payload whose header is well formed, for example to record it in a
     * {@code RejectedRecord} even when the body is broken; empty otherwise.
     */
    public static OptionalInt schemaIdOf(byte[] payload) {
        if (payload == null || payload.length < HEADER_SIZE || payload[0] != MAGIC_BYTE) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(readInt(payload));
    }

    /**
     * The schema id of a payload.
     *
     * @throws WrongMagicByteException when the first byte is not {@code 0x00}
     * @throws TruncatedPayloadException when there are fewer than {@value #HEADER_SIZE} bytes
     */
    static int readSchemaId(String topic, byte[] payload) {
        if (payload.length == 0) {
            throw new TruncatedPayloadException(topic, null, "payload is empty; the wire format needs at least "
                    + HEADER_SIZE + " bytes (magic byte and schema id)");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new WrongMagicByteException(topic, payload[0]);
        }
        if (payload.length < HEADER_SIZE) {
            throw new TruncatedPayloadException(topic, null, "payload has " + payload.length
                    + " bytes; the wire format needs at least " + HEADER_SIZE + " (magic byte and schema id)");
        }
        return readInt(payload);
    }

    static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    private static int readInt(byte[] payload) {
        return ((payload[1] & 0xff) << 24) | ((payload[2] & 0xff) << 16) | ((payload[3] & 0xff) << 8) | (payload[4] & 0xff);
    }
}
