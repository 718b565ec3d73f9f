package dev.flywheel.features.dataset;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How a row type is spilled to disk by the {@link ExternalSorter}.
 *
 * @param <T> the row type
 */
public interface RowCodec<T> {

    /** Writes one row. */
    void write(DataOutput out, T row) throws IOException;

    /** Reads one row written by {@link #write}. */
    T read(DataInput in) throws IOException;

    /** Writes a feature or column value: null, boolean, int, long, float, double or text. */
    static void writeValue(DataOutput out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(0);
        } else if (value instanceof Boolean b) {
            out.writeByte(1);
            out.writeBoolean(b);
        } else if (value instanceof Integer i) {
            out.writeByte(2);
            out.writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte(3);
            out.writeLong(l);
        } else if (value instanceof Float f) {
            out.writeByte(4);
            out.writeFloat(f);
        } else if (value instanceof Double d) {
            out.writeByte(5);
            out.writeDouble(d);
        } else if (value instanceof CharSequence || value instanceof Enum<?>
                || value instanceof org.apache.avro.generic.GenericEnumSymbol<?>) {
            out.writeByte(6);
            out.writeUTF(value.toString());
        } else {
            throw new IllegalArgumentException("unsupported value type " + value.getClass().getName() + ": " + value);
        }
    }

    /** Reads a value written by {@link #writeValue}; text comes back as {@link String}. */
    static Object readValue(DataInput in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case 0 -> null;
            case 1 -> in.readBoolean();
            case 2 -> in.readInt();
            case 3 -> in.readLong();
            case 4 -> in.readFloat();
            case 5 -> in.readDouble();
            case 6 -> in.readUTF();
            default -> throw new IOException("corrupt spill file: value tag " + tag);
        };
    }
}
