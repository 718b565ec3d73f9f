package dev.flywheel.features.dataset;

import java.util.Arrays;

/**
 * The point-in-time join of one view for a set of entity rows held in memory, fed feature rows in any order.
 *
 * <p>The entity rows (probes) are sorted by (key id, time, input position) into slots; each slot {@code j} is the
 * bucket of the feature rows of its key whose event time is in {@code (t[j-1], t[j]]} (the first of equal times
 * takes the bucket) and keeps only the best row offered to it: greatest event time, then greatest created, then the
 * latest offered (rows are offered in input order, so the latest is the greatest position). A feature row after the
 * key's last probe is dropped at once. The answer of slot {@code j} is then the best row of the last non-empty
 * bucket at or before {@code j} within its key, since later buckets hold later event times; if that row is older
 * than {@code t - ttl}, every other candidate is older still, so the answer is none. Feast's semantics (FACTS.md):
 * the latest row in {@code [t - ttl, t]}, both ends inclusive, never one from the future.
 *
 * <p>Work per feature row: one binary search within its key's probes and, when it wins its bucket, a copy of its
 * values into the bucket's slot-major storage (a few adjacent cache lines); no sort of feature rows at all. Memory:
 * per probe, three longs, two ints and one value slot plus one null flag per feature.
 */
final class ProbeTable {

    private final long ttlMillis;
    private final int[] keyStart;
    private final long[] times;
    private final int[] slotOfInput;
    private final long[] best;
    private final ValueKind[] kinds;
    private final int[] position;
    private final int longWidth;
    private final int doubleWidth;
    private final int stringWidth;
    private final boolean onlyDoubles;
    private final boolean[] nulls;
    private final long[] longs;
    private final double[] doubles;
    private final String[] strings;
    private int[] answer;

    /**
     * A table.
     *
     * @param keys each probe's key id (&gt;= 0), in input order
     * @param probeTimes each probe's time, in input order
     * @param count probes
     * @param kinds the features' kinds
     * @param ttlMillis the view's ttl; 0 = no lower bound
     */
    ProbeTable(int[] keys, long[] probeTimes, int count, ValueKind[] kinds, long ttlMillis) {
        this.ttlMillis = ttlMillis;
        this.kinds = kinds.clone();
        int maxKey = -1;
        for (int i = 0; i < count; i++) {
            maxKey = Math.max(maxKey, keys[i]);
        }
        // counting sort by key (stable: input order within a key), then a stable sort by time within each key
        keyStart = new int[maxKey + 2];
        for (int i = 0; i < count; i++) {
            keyStart[keys[i] + 1]++;
        }
        for (int k = 0; k <= maxKey; k++) {
            keyStart[k + 1] += keyStart[k];
        }
        int[] next = Arrays.copyOf(keyStart, keyStart.length);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[next[keys[i]]++] = i;
        }
        int[] buffer = new int[count];
        for (int k = 0; k <= maxKey; k++) {
            sortByTime(order, buffer, keyStart[k], keyStart[k + 1], probeTimes);
        }
        times = new long[count];
        slotOfInput = new int[count];
        for (int j = 0; j < count; j++) {
            times[j] = probeTimes[order[j]];
            slotOfInput[order[j]] = j;
        }
        // slot-major storage: a slot's best event and created, and its values of each storage kind, are adjacent,
        // so a winning offer or an answer touches a few cache lines, not one per feature
        best = new long[2 * count];
        Arrays.fill(best, Long.MIN_VALUE);
        position = new int[kinds.length];
        int longCount = 0;
        int doubleCount = 0;
        int stringCount = 0;
        for (int f = 0; f < kinds.length; f++) {
            position[f] = switch (kinds[f]) {
                case STRING -> stringCount++;
                case FLOAT, DOUBLE -> doubleCount++;
                default -> longCount++;
            };
        }
        longWidth = longCount;
        doubleWidth = doubleCount;
        stringWidth = stringCount;
        onlyDoubles = doubleCount == kinds.length; // a row's values then copy as one block
        nulls = new boolean[count * kinds.length];
        longs = new long[count * longWidth];
        doubles = new double[count * doubleWidth];
        strings = new String[count * stringWidth];
    }

    /** Offers one feature row (key id, event time, created and values in {@code row}). */
    void offer(RowValues row) {
        int slot = claim(row.key, row.eventTime, row.created);
        if (slot >= 0) {
            store(slot, row);
        }
    }

    /**
     * The first half of {@link #offer}, before the row's values are read: the slot the row wins (it is recorded as
     * the slot's best at once), or -1 when it cannot change any answer, so its values need not be read. A row that
     * wins must be {@link #store}d, unless a later claim of the same slot wins too (only the last winner's values
     * count); stores of one slot come in the order of their claims. Rejected: keys without probes, rows after the key's last
     * probe, rows that lose to their bucket's best, and rows older than their bucket's probe time minus the ttl
     * (such a row is stale for its own and every later probe of the key, as is every row of the earlier buckets, so
     * the answers it could give are all none anyway).
     */
    int claim(int key, long event, long created) {
        if (key < 0 || key >= keyStart.length - 1) {
            return -1;
        }
        int lo = keyStart[key];
        int hi = keyStart[key + 1];
        if (lo == hi || event > times[hi - 1]) {
            return -1;
        }
        while (lo < hi) { // first probe with time >= event
            int mid = (lo + hi) >>> 1;
            if (times[mid] < event) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int j = lo;
        long bestEvent = best[2 * j];
        if (event < bestEvent || event == bestEvent && created < best[2 * j + 1]) {
            return -1; // an empty bucket holds Long.MIN_VALUE, below every event time a reader hands over
        }
        if (ttlMillis > 0 && event < times[j] - ttlMillis) {
            return -1;
        }
        best[2 * j] = event;
        best[2 * j + 1] = created;
        return j;
    }

    /** The number of slots (probes). */
    int slots() {
        return times.length;
    }

    /** The second half of {@link #offer}: the values of the row that just won {@code slot}. */
    void store(int slot, RowValues row) {
        int j = slot;
        int n = kinds.length;
        System.arraycopy(row.nulls, 0, nulls, j * n, n);
        if (onlyDoubles) {
            System.arraycopy(row.doubles, 0, doubles, j * n, n);
            return;
        }
        for (int f = 0; f < n; f++) {
            int at = position[f];
            switch (kinds[f]) {
                case STRING -> strings[j * stringWidth + at] = row.nulls[f] ? null : row.strings[f];
                case FLOAT, DOUBLE -> doubles[j * doubleWidth + at] = row.doubles[f];
                default -> longs[j * longWidth + at] = row.longs[f];
            }
        }
    }

    /** Resolves every probe's answer; call once, after the last offer. */
    void resolve() {
        answer = new int[times.length];
        for (int k = 0; k < keyStart.length - 1; k++) {
            int last = -1;
            for (int j = keyStart[k]; j < keyStart[k + 1]; j++) {
                if (best[2 * j] != Long.MIN_VALUE) {
                    last = j;
                }
                boolean fresh = last >= 0 && (ttlMillis <= 0 || best[2 * last] >= times[j] - ttlMillis);
                answer[j] = fresh ? last : -1;
            }
        }
    }

    /** The answer of the probe at input position {@code input}: its features, or all nulls. */
    void answer(int input, RowValues out) {
        int a = answer[slotOfInput[input]];
        if (a < 0) {
            out.clear();
            return;
        }
        int n = kinds.length;
        System.arraycopy(nulls, a * n, out.nulls, 0, n);
        if (onlyDoubles) {
            System.arraycopy(doubles, a * n, out.doubles, 0, n);
            return;
        }
        for (int f = 0; f < n; f++) {
            int at = position[f];
            switch (kinds[f]) {
                case STRING -> out.strings[f] = strings[a * stringWidth + at];
                case FLOAT, DOUBLE -> out.doubles[f] = doubles[a * doubleWidth + at];
                default -> out.longs[f] = longs[a * longWidth + at];
            }
        }
    }

    /** The table row answering the probe at input position {@code input}, or -1 when none matched. */
    int answerRow(int input) {
        return answer[slotOfInput[input]];
    }

    /** Table rows (the range of {@link #answerRow}). */
    int rows() {
        return times.length;
    }

    /** Whether feature {@code f} of table row {@code row} is null. */
    boolean isNull(int row, int f) {
        return nulls[row * kinds.length + f];
    }

    /** Feature {@code f} of table row {@code row} as a number (booleans 0/1), for a non-null numeric value. */
    double number(int row, int f) {
        return switch (kinds[f]) {
            case FLOAT, DOUBLE -> doubles[row * doubleWidth + position[f]];
            case STRING -> throw new IllegalArgumentException("feature " + f + " is text");
            default -> longs[row * longWidth + position[f]];
        };
    }

    /** Feature {@code f} of table row {@code row} as the output writer profiles a category: text, "true"/"false". */
    String category(int row, int f) {
        return switch (kinds[f]) {
            case STRING -> strings[row * stringWidth + position[f]];
            case BOOLEAN -> longs[row * longWidth + position[f]] != 0 ? "true" : "false";
            default -> throw new IllegalArgumentException("feature " + f + " is not categorical");
        };
    }

    /** The kind of feature {@code f}. */
    ValueKind kind(int f) {
        return kinds[f];
    }

    /** A stable sort of {@code order[from, to)} by {@code time[order[i]]} (insertion sort for short ranges). */
    private static void sortByTime(int[] order, int[] buffer, int from, int to, long[] time) {
        if (to - from <= 24) {
            for (int i = from + 1; i < to; i++) {
                int v = order[i];
                long t = time[v];
                int j = i - 1;
                while (j >= from && time[order[j]] > t) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sortByTime(order, buffer, from, mid, time);
        sortByTime(order, buffer, mid, to, time);
        if (time[order[mid - 1]] <= time[order[mid]]) {
            return;
        }
        System.arraycopy(order, from, buffer, from, to - from);
        int a = from;
        int b = mid;
        for (int i = from; i < to; i++) {
            if (b >= to || a < mid && time[buffer[a]] <= time[buffer[b]]) {
                order[i] = buffer[a++];
            } else {
                order[i] = buffer[b++];
            }
        }
    }
}
