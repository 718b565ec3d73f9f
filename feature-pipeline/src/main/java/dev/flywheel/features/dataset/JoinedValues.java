package dev.flywheel.features.dataset;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One view's answer for one entity row: the features as of the row's time, or none.
 *
 * @param index the entity row's position in the input
 * @param values the features in request order, or null when no feature row matched
 */
public record JoinedValues(long index, List<Object> values) {

    /** Input order. */
    public static final Comparator<JoinedValues> ORDER = Comparator.comparingLong(JoinedValues::index);

    /** Spill codec. */
    public static final RowCodec<JoinedValues> CODEC = new RowCodec<>() {
        @Override
        public void write(DataOutput out, JoinedValues row) throws IOException {
            out.writeLong(row.index);
            out.writeShort(row.values == null ? -1 : row.values.size());
            if (row.values != null) {
                for (Object value : row.values) {
                    RowCodec.writeValue(out, value);
                }
            }
        }

        @Override
        public JoinedValues read(DataInput in) throws IOException {
            long index = in.readLong();
            int size = in.readShort();
            if (size < 0) {
                return new JoinedValues(index, null);
            }
            Object[] values = new Object[size];
            for (int i = 0; i < size; i++) {
                values[i] = RowCodec.readValue(in);
            }
            return new JoinedValues(index, Arrays.asList(values));
        }
    };
}
