package dev.flywheel.features.dataset;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Parquet's RLE/bit-packed hybrid encoding (definition levels, dictionary ids) decoded in bulk: runs of repeats are
 * filled at once, bit-packed runs unpacked eight values at a time by parquet-encoding's {@link BytePacker}.
 */
final class Hybrid {

    private static final BytePacker[] PACKERS = new BytePacker[33];

    static {
        for (int width = 0; width <= 32; width++) {
            PACKERS[width] = Packer.LITTLE_ENDIAN.newBytePacker(width);
        }
    }

    private Hybrid() {
    }

    /**
     * Decodes {@code count} values of the given bit width from {@code bytes[from, to)} (absolute indexes) into
     * {@code out[0, count)}.
     */
    static void decode(ByteBuffer bytes, int from, int to, int bitWidth, int[] out, int count) {
        if (bitWidth < 0 || bitWidth > 32) {
            throw new IllegalArgumentException("bit width " + bitWidth + " is not in [0, 32]");
        }
        BytePacker packer = PACKERS[bitWidth];
        int valueBytes = (bitWidth + 7) / 8;
        int at = from;
        int done = 0;
        int[] group = new int[8];
        byte[] tail = null;
        while (done < count) {
            if (at >= to) {
                throw new IllegalStateException("hybrid-encoded data ends after " + done + " of " + count + " values");
            }
            int header = 0;
            int shift = 0;
            int b;
            do { // unsigned LEB128
                b = bytes.get(at++) & 0xff;
                header |= (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if ((header & 1) == 0) {
                int run = Math.min(header >>> 1, count - done);
                int value = 0;
                for (int i = 0; i < valueBytes; i++) {
                    value |= (bytes.get(at + i) & 0xff) << (8 * i);
                }
                at += valueBytes;
                Arrays.fill(out, done, done + run, value);
                done += run;
                continue;
            }
            int groups = header >>> 1;
            for (int g = 0; g < groups && done < count; g++) {
                if (at + bitWidth <= to && count - done >= 8) {
                    packer.unpack8Values(bytes, at, out, done);
                    done += 8;
                } else {
                    if (at + bitWidth <= to) {
                        packer.unpack8Values(bytes, at, group, 0);
                    } else { // the last group, cut short by its writer: pad with zeros
                        if (tail == null) {
                            tail = new byte[Math.max(bitWidth, 1)];
                        }
                        Arrays.fill(tail, (byte) 0);
                        for (int i = 0; at + i < to; i++) {
                            tail[i] = bytes.get(at + i);
                        }
                        packer.unpack8Values(tail, 0, group, 0);
                    }
                    int take = Math.min(8, count - done);
                    System.arraycopy(group, 0, out, done, take);
                    done += take;
                }
                at += bitWidth;
            }
        }
    }
}
