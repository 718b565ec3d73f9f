package dev.flywheel.features.offline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Makes a Parquet file's bytes independent of the JVM that wrote it. parquet-mr (1.16) gathers each column chunk's
 * encodings in a {@code HashSet<Encoding>}, and an enum's hash is its identity hash, which differs from one JVM run
 * to the next; so the footer lists the same encodings in a run-dependent order (e.g. {@code [PLAIN, BIT_PACKED]} in
 * one process, {@code [BIT_PACKED, PLAIN]} in another) and two writes of the same rows in two processes differ by a
 * few footer bytes. {@link #canonicalize} rewrites the footer with every list of encodings sorted by the format's
 * enum value; nothing else changes (readers treat the list as a set).
 */
public final class ParquetFooter {

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private ParquetFooter() {
    }

    /**
     * Sorts the encodings of every column chunk of a local Parquet file's footer, in place.
     *
     * @return whether the file changed
     */
    public static boolean canonicalize(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < 12) {
                throw new IOException(file + " is not a Parquet file (" + size + " bytes)");
            }
            ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, tail, size - 8);
            byte[] magic = new byte[4];
            tail.get(4, magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a Parquet file (no PAR1 at its end)");
            }
            int length = tail.getInt(0);
            long start = size - 8 - length;
            ByteBuffer footer = ByteBuffer.allocate(length);
            readFully(channel, footer, start);
            byte[] canonical = canonicalFooter(footer.array());
            if (canonical == null) {
                return false;
            }
            ByteBuffer out = ByteBuffer.allocate(canonical.length + 8).order(ByteOrder.LITTLE_ENDIAN);
            out.put(canonical).putInt(canonical.length).put(MAGIC).flip();
            while (out.hasRemaining()) {
                channel.write(out, start + out.position());
            }
            channel.truncate(start + canonical.length + 8);
            return true;
        }
    }

    /** A whole Parquet file in memory with its footer made canonical (the same array when it already is). */
    public static byte[] canonicalize(byte[] file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int length = bytes.getInt(file.length - 8);
        int start = file.length - 8 - length;
        byte[] canonical = canonicalFooter(java.util.Arrays.copyOfRange(file, start, start + length));
        if (canonical == null) {
            return file;
        }
        ByteBuffer out = ByteBuffer.allocate(start + canonical.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        out.put(file, 0, start).put(canonical).putInt(canonical.length).put(MAGIC);
        return out.array();
    }

    /** The footer (thrift {@code FileMetaData}) with sorted encodings, or null when it already is canonical. */
    static byte[] canonicalFooter(byte[] footer) throws IOException {
        FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(footer));
        boolean changed = false;
        for (RowGroup group : metadata.getRow_groups()) {
            for (ColumnChunk chunk : group.getColumns()) {
                if (chunk.isSetMeta_data() && chunk.getMeta_data().isSetEncodings()) {
                    List<Encoding> encodings = chunk.getMeta_data().getEncodings();
                    List<Encoding> sorted = encodings.stream().sorted(Comparator.comparingInt(Encoding::getValue)).toList();
                    if (!sorted.equals(encodings)) {
                        chunk.getMeta_data().setEncodings(new java.util.ArrayList<>(sorted));
                        changed = true;
                    }
                }
            }
        }
        if (!changed) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(footer.length);
        Util.writeFileMetaData(metadata, bytes);
        return bytes.toByteArray();
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int read = channel.read(into, position + into.position());
            if (read < 0) {
                throw new IOException("unexpected end of file at " + (position + into.position()));
            }
        }
    }
}
