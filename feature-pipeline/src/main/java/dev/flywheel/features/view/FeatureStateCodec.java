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
 * The bytes of a {@link FeatureState} in the state stores and their changelogs: a version byte, the latest event
 * time, the last created time (version 2; version 1 had none), the number of entries, then per feature its identity
 * (as {@link DataOutputStream#writeUTF}), the length of its accumulator's bytes and those bytes.
 *
 * <p>Entries are stored under the feature's name, aggregation, field and output type, so that a view that gains a
 * feature keeps the state of the others (the new one starts empty) and a feature whose definition changed starts
 * afresh instead of misreading old state. Every state read and written goes through here (several per event), so the
 * identities are encoded once per codec and compared as bytes, and a state is written into one buffer and read from
 * one stream, without a string or a stream per entry.
 */
final class FeatureStateCodec {

    private static final byte VERSION = 2;
    private static final byte VERSION_WITHOUT_CREATED = 1;

    private final List<FeatureDef> features;
    /** Per feature, its identity as {@code writeUTF} writes it: a two-byte length and modified UTF-8. */
    private final byte[][] identities;

    /**
     * The codec of states of these features.
     *
     * @param features the features, in the order of the state's accumulators
     */
    FeatureStateCodec(List<FeatureDef> features) {
        this.features = List.copyOf(features);
        this.identities = new byte[features.size()][];
        for (int i = 0; i < features.size(); i++) {
            identities[i] = utf(identity(features.get(i)));
        }
    }

    /** Returns the bytes of a state of this codec's features. */
    byte[] encode(FeatureState state) {
        Buffer buffer = new Buffer(32 + 48 * identities.length);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            out.writeLong(state.latest());
            out.writeLong(state.created());
            out.writeInt(identities.length);
            for (int i = 0; i < identities.length; i++) {
                out.write(identities[i]);
                int lengthAt = buffer.size();
                out.writeInt(0);
                state.accumulator(i).write(out);
                buffer.putInt(lengthAt, buffer.size() - lengthAt - Integer.BYTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode feature state", e);
        }
        return buffer.toByteArray();
    }

    /** Reads a state written by {@link #encode} (or by an older view with other features: those entries are skipped). */
    FeatureState decode(byte[] bytes) {
        FeatureState state = new FeatureState(features);
        Cursor cursor = new Cursor(bytes);
        try (DataInputStream in = new DataInputStream(cursor)) {
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_WITHOUT_CREATED) {
                throw new IOException("unknown feature state version " + version);
            }
            long latest = in.readLong();
            long created = version == VERSION ? in.readLong() : Long.MIN_VALUE;
            state.restore(latest, created);
            int count = in.readInt();
            for (int entry = 0; entry < count; entry++) {
                int identityAt = cursor.position();
                int identityEnd = identityAt + Short.BYTES + in.readUnsignedShort();
                cursor.moveTo(identityEnd);
                int length = in.readInt();
                int end = cursor.position() + length;
                int feature = featureOf(bytes, identityAt, identityEnd, entry);
                if (feature >= 0) {
                    state.accumulator(feature).read(in);
                    if (cursor.position() > end) {
                        throw new IOException("the entry of feature '" + features.get(feature).name()
                                + "' is longer than its " + length + " bytes");
                    }
                }
                cursor.moveTo(end);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode feature state", e);
        }
        return state;
    }

    /** Returns the index of the feature whose identity is {@code bytes[from, to)}, or -1; tries {@code hint} first. */
    private int featureOf(byte[] bytes, int from, int to, int hint) throws IOException {
        if (to > bytes.length) {
            throw new IOException("feature identity past the end of the state (" + to + " > "
                    + bytes.length + " bytes)");
        }
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

    private static String identity(FeatureDef feature) {
        return feature.name() + "|" + feature.aggregation() + "|" + feature.field().orElse("") + "|"
                + feature.outputType();
    }

    private static byte[] utf(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2 + text.length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode feature identity '" + text + "'", e);
        }
        return bytes.toByteArray();
    }

    /** A byte buffer whose already written ints can be overwritten (the entry lengths). */
    private static final class Buffer extends ByteArrayOutputStream {

        Buffer(int capacity) {
            super(capacity);
        }

        void putInt(int at, int value) {
            buf[at] = (byte) (value >>> 24);
            buf[at + 1] = (byte) (value >>> 16);
            buf[at + 2] = (byte) (value >>> 8);
            buf[at + 3] = (byte) value;
        }
    }

    /** A byte stream that says where it is and can be moved within its bytes. */
    private static final class Cursor extends ByteArrayInputStream {

        Cursor(byte[] bytes) {
            super(bytes);
        }

        int position() {
            return pos;
        }

        void moveTo(int position) throws IOException {
            if (position < 0 || position > count) {
                throw new IOException("feature state entry ends at " + position + ", past its " + count + " bytes");
            }
            pos = position;
        }
    }
}
