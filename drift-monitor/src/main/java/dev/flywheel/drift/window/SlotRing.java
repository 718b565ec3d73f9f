package dev.flywheel.drift.window;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A window as a ring of {@code K} sub-windows ("slots"), each a vector of counts over the reference bins of
 * every feature, plus the running total of the slots in the ring. Adding a value touches one slot and the
 * totals; moving to a new slot subtracts the slot that leaves: O(bins) either way, and the totals are the
 * exact counts of the window because counts are whole numbers.
 *
 * <p>Slots are numbered by the caller (event count / slide, or event time / slide); the ring holds slots
 * {@code newest - K + 1 .. newest}. Each slot also keeps its record count and its smallest and largest event
 * time, for the window bounds an alarm reports.
 */
public final class SlotRing {

    private static final long NONE = Long.MIN_VALUE;

    private final int size;
    private final int width;
    private final long[][] counts;
    private final long[] ids;
    private final long[] records;
    private final long[] minTime;
    private final long[] maxTime;
    private final long[] totals;
    private long newest = NONE;
    private long first = NONE;

    /**
     * Creates an empty ring.
     *
     * @param size the number of slots (window size / slide)
     * @param width the number of bins of all features together
     */
    public SlotRing(int size, int width) {
        if (size < 1 || width < 0) {
            throw new IllegalArgumentException("need at least one slot and no negative width, got " + size + ", " + width);
        }
        this.size = size;
        this.width = width;
        this.counts = new long[size][width];
        this.ids = new long[size];
        this.records = new long[size];
        this.minTime = new long[size];
        this.maxTime = new long[size];
        this.totals = new long[width];
        Arrays.fill(ids, NONE);
    }

    /** Returns whether a value of a slot can still be added: the slot is in the ring or newer. */
    public boolean accepts(long slot) {
        return newest == NONE || slot > newest - size;
    }

    /**
     * Adds one record to a slot, moving the ring forward first when the slot is newer than the newest.
     *
     * @param slot the record's slot
     * @param eventTime the record's event time
     * @param bins the bin of each value, as an index into the flattened bins of all features; negative for none
     * @throws IllegalArgumentException when the slot has left the ring
     */
    public void add(long slot, long eventTime, int[] bins) {
        if (!accepts(slot)) {
            throw new IllegalArgumentException("slot " + slot + " has left the ring (newest " + newest + ")");
        }
        if (newest == NONE || slot > newest) {
            advanceTo(slot);
        }
        int at = position(slot);
        if (ids[at] != slot) {
            clear(at);
            ids[at] = slot;
        }
        for (int bin : bins) {
            if (bin >= 0) {
                counts[at][bin]++;
                totals[bin]++;
            }
        }
        minTime[at] = records[at] == 0 ? eventTime : Math.min(minTime[at], eventTime);
        maxTime[at] = records[at] == 0 ? eventTime : Math.max(maxTime[at], eventTime);
        records[at]++;
    }

    private void advanceTo(long slot) {
        if (first == NONE) {
            first = slot;
        }
        long from = newest == NONE ? slot : Math.max(newest + 1, slot - size + 1);
        for (long leaving = from; leaving <= slot; leaving++) {
            clear(position(leaving));
        }
        newest = slot;
    }

    private void clear(int at) {
        if (ids[at] != NONE) {
            for (int bin = 0; bin < width; bin++) {
                totals[bin] -= counts[at][bin];
            }
        }
        Arrays.fill(counts[at], 0);
        ids[at] = NONE;
        records[at] = 0;
        minTime[at] = 0;
        maxTime[at] = 0;
    }

    private int position(long slot) {
        return (int) Math.floorMod(slot, (long) size);
    }

    /** Returns the newest slot, or {@link Long#MIN_VALUE} when nothing was added. */
    public long newest() {
        return newest;
    }

    /** Returns the first slot ever added, or {@link Long#MIN_VALUE}. */
    public long first() {
        return first;
    }

    /** Returns the number of slots. */
    public int size() {
        return size;
    }

    /** Returns the number of records in a slot of the ring (0 when it has left or never came). */
    public long records(long slot) {
        int at = position(slot);
        return ids[at] == slot ? records[at] : 0;
    }

    /** Returns whether the ring has covered K whole slots since its first record. */
    public boolean full() {
        return newest != NONE && newest - size + 1 >= first;
    }

    /** Returns the window the ring holds now: the totals, records and event-time bounds. */
    public WindowCounts snapshot() {
        long total = 0;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (int at = 0; at < size; at++) {
            if (ids[at] != NONE && records[at] > 0) {
                total += records[at];
                start = Math.min(start, minTime[at]);
                end = Math.max(end, maxTime[at]);
            }
        }
        return new WindowCounts(totals.clone(), total, total == 0 ? 0 : start, total == 0 ? 0 : end);
    }

    /** Encodes the ring for a state store. */
    public byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(4 * Integer.BYTES + 2 * Long.BYTES + size * (4 + width) * Long.BYTES);
        buffer.putInt(size).putInt(width).putLong(newest).putLong(first);
        for (int at = 0; at < size; at++) {
            buffer.putLong(ids[at]).putLong(records[at]).putLong(minTime[at]).putLong(maxTime[at]);
            for (long count : counts[at]) {
                buffer.putLong(count);
            }
        }
        return buffer.array();
    }

    /**
     * Decodes a ring written by {@link #encode()}.
     *
     * @param bytes the encoded ring
     * @return the ring, totals recomputed from its slots
     */
    public static SlotRing decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        SlotRing ring = new SlotRing(buffer.getInt(), buffer.getInt());
        ring.newest = buffer.getLong();
        ring.first = buffer.getLong();
        for (int at = 0; at < ring.size; at++) {
            ring.ids[at] = buffer.getLong();
            ring.records[at] = buffer.getLong();
            ring.minTime[at] = buffer.getLong();
            ring.maxTime[at] = buffer.getLong();
            for (int bin = 0; bin < ring.width; bin++) {
                ring.counts[at][bin] = buffer.getLong();
                ring.totals[bin] += ring.ids[at] == NONE ? 0 : ring.counts[at][bin];
            }
        }
        return ring;
    }
}
