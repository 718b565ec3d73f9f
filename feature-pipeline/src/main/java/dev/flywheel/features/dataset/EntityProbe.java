package dev.flywheel.features.dataset;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;

/**
 * One entity row as one view's join sees it: the view's entity key as text, the row's timestamp and its position
 * in the input.
 *
 * @param key the entity key (the view's join key values as text, joined as {@code features.<view>} keys are)
 * @param timestamp the entity row's timestamp, epoch ms
 * @param index the row's position in the input
 */
public record EntityProbe(String key, long timestamp, long index) {

    /** The join order: key, then time, then input position. */
    public static final Comparator<EntityProbe> ORDER = Comparator.comparing(EntityProbe::key)
            .thenComparingLong(EntityProbe::timestamp).thenComparingLong(EntityProbe::index);

    /** Spill codec. */
    public static final RowCodec<EntityProbe> CODEC = new RowCodec<>() {
        @Override
        public void write(DataOutput out, EntityProbe row) throws IOException {
            out.writeUTF(row.key);
            out.writeLong(row.timestamp);
            out.writeLong(row.index);
        }

        @Override
        public EntityProbe read(DataInput in) throws IOException {
            return new EntityProbe(in.readUTF(), in.readLong(), in.readLong());
        }
    };
}
