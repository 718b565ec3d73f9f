package dev.flywheel.topology.runtime;

import java.nio.ByteBuffer;
import java.util.Optional;

/** Reads the Confluent wire-format header (magic byte 0, 4-byte big-endian schema id) without decoding. */
final class WireFormat {

    private static final byte MAGIC = 0;
    private static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** Returns the schema id of a wire-format payload, or empty when the bytes are not one. */
    static Optional<Integer> schemaId(byte[] payload) {
        if (payload == null || payload.length < HEADER_SIZE || payload[0] != MAGIC) {
            return Optional.empty();
        }
        return Optional.of(ByteBuffer.wrap(payload, 1, 4).getInt());
    }
}
