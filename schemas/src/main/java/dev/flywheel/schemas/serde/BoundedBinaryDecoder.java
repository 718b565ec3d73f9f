package dev.flywheel.schemas.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding of one in-memory body that never trusts a length. Avro's own decoder allocates
 * whatever a length or item count says before reading, so a corrupt varint can ask for gigabytes and kill
 * the stage with an OutOfMemoryError. Here every length and every collection block must fit in the bytes
 * that are left: a body that says more than it holds is truncated ({@link EOFException}); one that
 * contradicts itself (negative length, over-long varint, invalid boolean) is corrupt ({@link Corrupt}).
 *
 * <p>Known limit: an array or map block whose items encode to zero bytes (nulls, empty records) may hold
 * at most as many items as there are bytes left.
 */
final class BoundedBinaryDecoder extends Decoder {

    /** The body contradicts its schema. */
    static final class Corrupt extends IOException {
        private static final long serialVersionUID = 1L;

        Corrupt(String message) {
            super(message);
        }
    }

    private final byte[] buf;
    private final int limit;
    private int pos;

    BoundedBinaryDecoder(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    /** Bytes not consumed yet. */
    int remaining() {
        return limit - pos;
    }

    @Override
    public void readNull() {
        // Encoded as zero bytes.
    }

    @Override
    public boolean readBoolean() throws IOException {
        require(1, "a boolean");
        int b = buf[pos++];
        if (b != 0 && b != 1) {
            throw new Corrupt("invalid boolean byte " + b + " at body offset " + (pos - 1));
        }
        return b == 1;
    }

    @Override
    public int readInt() throws IOException {
        long value = readVarLong(5, "an int");
        int raw = (int) value;
        return (raw >>> 1) ^ -(raw & 1);
    }

    @Override
    public long readLong() throws IOException {
        long raw = readVarLong(10, "a long");
        return (raw >>> 1) ^ -(raw & 1);
    }

    @Override
    public float readFloat() throws IOException {
        require(4, "a float");
        int bits = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8, "a double");
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = bits << 8 | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("a string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(buf, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = length("a string");
        String result = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return result;
    }

    @Override
    public void skipString() throws IOException {
        int length = length("a string"); // read first: "pos += length(...)" would add to the stale pos
        pos += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("bytes");
        ByteBuffer result = old != null && old.capacity() >= length ? old.clear() : ByteBuffer.allocate(length);
        result.put(buf, pos, length).flip();
        pos += length;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        int length = length("bytes");
        pos += length;
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        require(length, "a fixed of " + length + " bytes");
        System.arraycopy(buf, pos, bytes, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length, "a fixed of " + length + " bytes");
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return blockCount("an array");
    }

    @Override
    public long arrayNext() throws IOException {
        return blockCount("an array");
    }

    /**
     * Like {@link #readArrayStart}: the caller skips the items one by one. Jumping over a block by its byte size
     * would be faster, but a corrupt body would then fail differently when skipped (see
     * {@code GenericAvroDeserializer#projecting}) than when read.
     */
    @Override
    public long skipArray() throws IOException {
        return blockCount("an array");
    }

    @Override
    public long readMapStart() throws IOException {
        return blockCount("a map");
    }

    @Override
    public long mapNext() throws IOException {
        return blockCount("a map");
    }

    /** Like {@link #readMapStart}, for the reason {@link #skipArray} gives. */
    @Override
    public long skipMap() throws IOException {
        return blockCount("a map");
    }

    /** Item count of the next block; a negative count is followed by the block's byte size, which we skip over. */
    private long blockCount(String what) throws IOException {
        long count = readLong();
        if (count < 0) {
            count = -count;
            readLong();
        }
        return checkCount(count, what);
    }

    private long checkCount(long count, String what) throws IOException {
        if (count < 0) {
            throw new Corrupt("invalid item count " + count + " in " + what + " block");
        }
        if (count > remaining()) {
            throw new EOFException("body ends early: " + what + " block of " + count + " items, but only " + remaining()
                    + " bytes are left");
        }
        return count;
    }

    private int length(String what) throws IOException {
        long length = readLong();
        if (length < 0) {
            throw new Corrupt("negative length " + length + " of " + what);
        }
        if (length > remaining()) {
            // the message is built only here: building it for every string read cost more than reading the string
            require(length, what + " of " + length + " bytes");
        }
        return (int) length;
    }

    private long readVarLong(int maxBytes, String what) throws IOException {
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            require(1, what);
            int b = buf[pos++] & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new Corrupt("varint of " + what + " is longer than " + maxBytes + " bytes");
    }

    private void require(long bytes, String what) throws EOFException {
        if (bytes > remaining()) {
            throw new EOFException("body ends early: " + what + " needs " + bytes + " bytes, only " + remaining()
                    + " left");
        }
    }
}
