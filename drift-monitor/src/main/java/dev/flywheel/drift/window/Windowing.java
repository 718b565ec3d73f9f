package dev.flywheel.drift.window;

import dev.flywheel.topology.spec.MonitorWindow;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A monitor's window over a {@link SlotRing}: by count (slots of {@code slide} records) or by event time
 * (slots of {@code slide} milliseconds, aligned to the epoch). A window is complete, and compared with the
 * reference, when it closes: a count window when its newest slot fills, a time window when a record of a
 * later slot arrives (stream time passes the boundary). A window must cover {@code size} whole: the first
 * time slot, entered mid-way, never completes a window alone.
 */
public final class Windowing {

    /** What became of a record. */
    public enum Outcome {
        /** Counted; no window closed. */
        COUNTED,
        /** Counted; a window closed (see {@link #closed()}). */
        CLOSED,
        /** Its time slot has left the ring: not counted. */
        LATE
    }

    private final boolean byCount;
    private final long slide;
    private final SlotRing ring;
    private long seen;
    private WindowCounts closed;

    private Windowing(boolean byCount, long slide, SlotRing ring, long seen) {
        this.byCount = byCount;
        this.slide = slide;
        this.ring = ring;
        this.seen = seen;
    }

    /**
     * Creates an empty window.
     *
     * @param window the monitor's window (its slide divides its size)
     * @param width the number of bins of all features
     * @return the windowing
     */
    public static Windowing of(MonitorWindow window, int width) {
        if (window instanceof MonitorWindow.Count count) {
            return new Windowing(true, count.slide(), new SlotRing(slots(count.size(), count.slide()), width), 0);
        }
        MonitorWindow.Time time = (MonitorWindow.Time) window;
        return new Windowing(false, time.slide().toMillis(),
                new SlotRing(slots(time.size().toMillis(), time.slide().toMillis()), width), 0);
    }

    private static int slots(long size, long slide) {
        if (slide <= 0 || size % slide != 0) {
            throw new IllegalArgumentException("the slide " + slide + " must divide the size " + size);
        }
        return Math.toIntExact(size / slide);
    }

    /**
     * Counts one record.
     *
     * @param eventTime its event time
     * @param bins its values' flattened bins (negative for none)
     * @return what became of it
     */
    public Outcome add(long eventTime, int[] bins) {
        closed = null;
        if (byCount) {
            long slot = seen / slide;
            ring.add(slot, eventTime, bins);
            seen++;
            if (seen % slide == 0 && ring.full()) {
                closed = ring.snapshot();
                return Outcome.CLOSED;
            }
            return Outcome.COUNTED;
        }
        long slot = Math.floorDiv(eventTime, slide);
        if (!ring.accepts(slot)) {
            return Outcome.LATE;
        }
        boolean closes = ring.newest() != Long.MIN_VALUE && slot > ring.newest()
                && ring.newest() - ring.size() + 1 > ring.first();
        if (closes) {
            WindowCounts window = ring.snapshot();
            long boundary = (ring.newest() + 1) * slide;
            closed = new WindowCounts(window.counts(), window.records(), window.start(), Math.min(window.end(), boundary - 1));
        }
        ring.add(slot, eventTime, bins);
        return closes ? Outcome.CLOSED : Outcome.COUNTED;
    }

    /** Returns the window the last {@link #add} closed. */
    public Optional<WindowCounts> closed() {
        return Optional.ofNullable(closed);
    }

    /** Returns the window as it stands now (possibly incomplete). */
    public WindowCounts current() {
        return ring.snapshot();
    }

    /** Returns how many records were counted (count windows) since the window started. */
    public long seen() {
        return seen;
    }

    /** Encodes the state for a state store. */
    public byte[] encode() {
        byte[] ringBytes = ring.encode();
        return ByteBuffer.allocate(1 + 2 * Long.BYTES + ringBytes.length).put((byte) (byCount ? 1 : 0)).putLong(slide)
                .putLong(seen).put(ringBytes).array();
    }

    /**
     * Decodes a state written by {@link #encode()}.
     *
     * @param bytes the encoded state
     * @return the windowing
     */
    public static Windowing decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        boolean byCount = buffer.get() == 1;
        long slide = buffer.getLong();
        long seen = buffer.getLong();
        byte[] ring = new byte[buffer.remaining()];
        buffer.get(ring);
        return new Windowing(byCount, slide, SlotRing.decode(ring), seen);
    }
}
