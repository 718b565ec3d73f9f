package dev.flywheel.features.view;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes of an {@link EntityState} in the view's state store and its changelog. Every event reads and writes
 * one, so feature identities are written once per section (not once per slice), and numbers that are mostly small
 * (counts, lengths, the gaps between slice starts) as unsigned varints:
 *
 * <pre>
 *   byte     version (3: distinct from the per-store feature states of earlier layouts, 1 and 2)
 *   long     the entity's latest event time          long  its last created time
 *   section  the unwindowed features: identities, then one entry block (the entity's accumulators)
 *   varint   number of window groups, then per group:
 *     utf      the window's identity ({@link WindowGroup#identity()})
 *     section  header: the group's feature identities; then varint number of slices, and per slice its start
 *              (the first as a long, the next as the varint gap from the previous) and one entry block
 *
 *   identities = varint count, then per feature its identity as {@code writeUTF} writes it
 *                (name, aggregation, field, output type)
 *   entry block = per identity of its section: varint length, then the accumulator's bytes
 * </pre>
 *
 * <p>Entries are matched to the view's features by identity and groups by window identity, so a view that gains a
 * feature keeps the state of the others (the new one starts empty), a feature or a window whose definition changed
 * starts afresh instead of misreading old state, and entries of what the view no longer has are skipped by length.
 */
final class EntityStateCodec {

    /** Version byte of this layout. */
    static final byte VERSION = 3;

    private final List<FeatureDef> unwindowed;
    private final List<WindowGroup> groups;
    private final byte[][] unwindowedIds;
    private final byte[][][] groupFeatureIds;
    private final byte[][] groupIds;

    /**
     * The codec of a view's entity states.
     *
     * @param unwindowed the view's features without a window ({@link ResolvedView#unwindowed()})
     * @param groups the view's window groups ({@link ResolvedView#windows()})
     */
    EntityStateCodec(List<FeatureDef> unwindowed, List<WindowGroup> groups) {
        this.unwindowed = List.copyOf(unwindowed);
        this.groups = List.copyOf(groups);
        this.unwindowedIds = identities(this.unwindowed);
        this.groupFeatureIds = new byte[groups.size()][][];
        this.groupIds = new byte[groups.size()][];
        for (int g = 0; g < groups.size(); g++) {
            groupFeatureIds[g] = identities(groups.get(g).features());
            groupIds[g] = utf(groups.get(g).identity());
        }
    }

    /** Returns a new empty state of this codec's view. */
    EntityState empty() {
        return new EntityState(unwindowed, groups);
    }

    /** Returns the bytes of a state. */
    byte[] encode(EntityState state) {
        Buffer buffer = new Buffer(64);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            out.writeLong(state.entity().latest());
            out.writeLong(state.entity().created());
            writeIdentities(buffer, unwindowedIds);
            writeEntries(out, buffer, state.entity(), unwindowedIds.length);
            buffer.writeVarint(groupIds.length);
            for (int g = 0; g < groupIds.length; g++) {
                buffer.write(groupIds[g]);
                writeIdentities(buffer, groupFeatureIds[g]);
                Slices slices = state.slices(g);
                buffer.writeVarint(slices.size());
                for (int i = 0; i < slices.size(); i++) {
                    if (i == 0) {
                        out.writeLong(slices.start(0));
                    } else {
                        buffer.writeVarlong(slices.start(i) - slices.start(i - 1));
                    }
                    writeEntries(out, buffer, slices.state(i), groupFeatureIds[g].length);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode entity state", e);
        }
        return buffer.toByteArray();
    }

    /** Reads a state written by {@link #encode}, possibly by a view with other features or windows. */
    EntityState decode(byte[] bytes) {
        Cursor cursor = new Cursor(bytes);
        try (DataInputStream in = new DataInputStream(cursor)) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IOException("unknown entity state version " + version);
            }
            FeatureState entity = new FeatureState(unwindowed);
            entity.restore(in.readLong(), in.readLong());
            int[] entityMap = readIdentities(cursor, bytes, unwindowedIds);
            readEntries(in, cursor, entity, entityMap);
            Slices[] windows = new Slices[groups.size()];
            int stored = cursor.readVarint();
            for (int s = 0; s < stored; s++) {
                int idAt = cursor.position();
                int idEnd = idAt + Short.BYTES + in.readUnsignedShort();
                cursor.moveTo(idEnd);
                int g = indexOf(groupIds, bytes, idAt, idEnd, s);
                List<FeatureDef> features = g >= 0 ? groups.get(g).features() : List.of();
                int[] map = readIdentities(cursor, bytes, g >= 0 ? groupFeatureIds[g] : new byte[0][]);
                int count = cursor.readVarint();
                if (count > bytes.length - cursor.position()) {
                    throw new IOException(count + " slices cannot fit in the " + (bytes.length - cursor.position())
                            + " bytes left");
                }
                Slices slices = new Slices(count);
                long start = 0;
                for (int i = 0; i < count; i++) {
                    start = i == 0 ? in.readLong() : start + cursor.readVarlong();
                    FeatureState slice = new FeatureState(features);
                    readEntries(in, cursor, slice, map);
                    slices.append(start, slice);
                }
                if (g >= 0) {
                    windows[g] = slices;
                }
            }
            for (int g = 0; g < windows.length; g++) {
                if (windows[g] == null) {
                    windows[g] = new Slices();
                }
            }
            if (cursor.position() != bytes.length) {
                throw new IOException((bytes.length - cursor.position()) + " bytes left after the entity state");
            }
            return new EntityState(unwindowed, groups, entity, windows);
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException("cannot decode entity state", e instanceof IOException io ? io
                    : new IOException(e.getMessage(), e));
        }
    }

    private static void writeIdentities(Buffer buffer, byte[][] identities) {
        buffer.writeVarint(identities.length);
        for (byte[] identity : identities) {
            buffer.write(identity);
        }
    }

    private static void writeEntries(DataOutputStream out, Buffer buffer, FeatureState state, int count)
            throws IOException {
        for (int i = 0; i < count; i++) {
            int lengthAt = buffer.reserveLength();
            state.accumulator(i).write(out);
            buffer.patchLength(lengthAt);
        }
    }

    /** Reads a section's identities; returns, per stored entry, the index of its feature in {@code current} or -1. */
    private static int[] readIdentities(Cursor cursor, byte[] bytes, byte[][] current) throws IOException {
        int count = cursor.readVarint();
        int[] map = new int[count];
        for (int entry = 0; entry < count; entry++) {
            int from = cursor.position();
            cursor.moveTo(from + Short.BYTES);
            int to = from + Short.BYTES + (((bytes[from] & 0xff) << 8) | (bytes[from + 1] & 0xff));
            cursor.moveTo(to);
            map[entry] = indexOf(current, bytes, from, to, entry);
        }
        return map;
    }

    private void readEntries(DataInputStream in, Cursor cursor, FeatureState state, int[] map) throws IOException {
        for (int entry = 0; entry < map.length; entry++) {
            int length = cursor.readVarint();
            int end = cursor.position() + length;
            if (map[entry] >= 0) {
                state.accumulator(map[entry]).read(in);
                if (cursor.position() > end) {
                    throw new IOException("the entry of feature '" + state.features().get(map[entry]).name()
                            + "' is longer than its " + length + " bytes");
                }
            }
            cursor.moveTo(end);
        }
    }

    /** Returns the index of the identity equal to {@code bytes[from, to)}, or -1; tries {@code hint} first. */
    private static int indexOf(byte[][] identities, byte[] bytes, int from, int to, int hint) {
        if (hint < identities.length && Arrays.equals(identities[hint], 0, identities[hint].length, bytes, from, to)) {
            return hint;
        }
        for (int i = 0; i < identities.length; i++) {
            if (Arrays.equals(identities[i], 0, identities[i].length, bytes, from, to)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[][] identities(List<FeatureDef> features) {
        byte[][] identities = new byte[features.size()][];
        for (int i = 0; i < features.size(); i++) {
            FeatureDef feature = features.get(i);
            identities[i] = utf(feature.name() + "|" + feature.aggregation() + "|" + feature.field().orElse("") + "|"
                    + feature.outputType());
        }
        return identities;
    }

    private static byte[] utf(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2 + text.length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode identity '" + text + "'", e);
        }
        return bytes.toByteArray();
    }

    /** A growing byte buffer with varints, and entry lengths written in front of the bytes they measure. */
    private static final class Buffer extends ByteArrayOutputStream {

        Buffer(int capacity) {
            super(capacity);
        }

        @Override
        public void write(byte[] bytes) {
            write(bytes, 0, bytes.length);
        }

        // ByteArrayOutputStream's writes are synchronized: a lock per byte on the view's hottest path, for a buffer
        // that never leaves one thread.
        @Override
        public void write(int b) {
            ensureRoom(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
            ensureRoom(length);
            System.arraycopy(bytes, offset, buf, count, length);
            count += length;
        }

        private void ensureRoom(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }

        void writeVarint(int value) {
            writeVarlong(value & 0xffffffffL);
        }

        void writeVarlong(long value) {
            long rest = value;
            while ((rest & ~0x7fL) != 0) {
                write((int) ((rest & 0x7f) | 0x80));
                rest >>>= 7;
            }
            write((int) rest);
        }

        /** Writes a one-byte placeholder for the length of what follows; returns where it is. */
        int reserveLength() {
            write(0);
            return count - 1;
        }

        /** Writes at {@code at} the length of the bytes written after it, as a varint (moving them if it needs more). */
        void patchLength(int at) {
            int length = count - at - 1;
            if (length < 0x80) {
                buf[at] = (byte) length;
                return;
            }
            int size = 1;
            for (int rest = length >>> 7; rest != 0; rest >>>= 7) {
                size++;
            }
            for (int i = 1; i < size; i++) {
                write(0);
            }
            System.arraycopy(buf, at + 1, buf, at + size, length);
            int rest = length;
            for (int i = 0; i < size; i++) {
                buf[at + i] = (byte) (i == size - 1 ? rest : (rest & 0x7f) | 0x80);
                rest >>>= 7;
            }
        }
    }

    /** A byte stream that says where it is, can be moved within its bytes, and reads varints. */
    private static final class Cursor extends ByteArrayInputStream {

        Cursor(byte[] bytes) {
            super(bytes);
        }

        // ByteArrayInputStream's reads are synchronized (a lock per byte through DataInputStream.readInt); a cursor
        // never leaves one thread. Same results as the inherited methods.
        @Override
        public int read() {
            return pos < count ? buf[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) {
            java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
            if (pos >= count) {
                return -1;
            }
            int n = Math.min(length, count - pos);
            if (n <= 0) {
                return 0;
            }
            System.arraycopy(buf, pos, bytes, offset, n);
            pos += n;
            return n;
        }

        int position() {
            return pos;
        }

        void moveTo(int position) throws IOException {
            if (position < 0 || position > count) {
                throw new IOException("entity state entry ends at " + position + ", past its " + count + " bytes");
            }
            pos = position;
        }

        int readVarint() throws IOException {
            long value = readVarlong();
            if (value > Integer.MAX_VALUE) {
                throw new IOException("count or length " + value + " out of range at byte " + pos);
            }
            return (int) value;
        }

        long readVarlong() throws IOException {
            long value = 0;
            for (int shift = 0; shift < Long.SIZE; shift += 7) {
                if (pos >= count) {
                    throw new IOException("varint past the end of the entity state (" + count + " bytes)");
                }
                int b = buf[pos++] & 0xff;
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IOException("varint longer than 10 bytes at byte " + pos);
        }
    }
}
