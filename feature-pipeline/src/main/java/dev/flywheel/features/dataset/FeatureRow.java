package dev.flywheel.features.dataset;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * One row of a view in the offline tier, reduced to what the join needs.
 *
 * @param key the entity key as text
 * @param eventTime {@code event_timestamp}, epoch ms
 * @param created {@code created}, epoch ms: the tie-breaker between rows of one event time
 * @param sequence the row's position in the (sorted) input files: the last tie-breaker, so the join is deterministic
 * @param values the requested features, in request order; null entries are null values
 */
public record FeatureRow(String key, long eventTime, long created, long sequence, List<Object> values) {

    /** The join order: key, then event time, then created, then position. */
    public static final Comparator<FeatureRow> ORDER = Comparator.comparing(FeatureRow::key)
            .thenComparingLong(FeatureRow::eventTime).thenComparingLong(FeatureRow::created)
            .thenComparingLong(FeatureRow::sequence);

    /** Spill codec. */
    public static final RowCodec<FeatureRow> CODEC = new RowCodec<>() {
        @Override
        public void write(DataOutput out, FeatureRow row) throws IOException {
            out.writeUTF(row.key);
            out.writeLong(row.eventTime);
            out.writeLong(row.created);
            out.writeLong(row.sequence);
            out.writeShort(row.values.size());
            for (Object value : row.values) {
                RowCodec.writeValue(out, value);
            }
        }

        @Override
        public FeatureRow read(DataInput in) throws IOException {
            String key = in.readUTF();
            long eventTime = in.readLong();
            long created = in.readLong();
            long sequence = in.readLong();
            int size = in.readShort();
            Object[] values = new Object[size];
            for (int i = 0; i < size; i++) {
                values[i] = RowCodec.readValue(in);
            }
            return new FeatureRow(key, eventTime, created, sequence, java.util.Arrays.asList(values));
        }
    };
}
