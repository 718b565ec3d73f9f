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
 * values; no sort of feature rows at all. Memory: per probe, two longs, two ints and one slot per feature.
 */
final class ProbeTable {

    private final long ttlMillis;
    private final int[] keyStart;
    private final long[] times;
    private final int[] slotOfInput;
    private final boolean[] filled;
    private final long[] bestEvent;
    private final long[] bestCreated;
    private final ValueKind[] kinds;
    private final boolean[][] nulls;
    private final long[][] longs;
    private final double[][] doubles;
    private final String[][] strings;
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
        filled = new boolean[count];
        bestEvent = new long[count];
        bestCreated = new long[count];
        int n = kinds.length;
        nulls = new boolean[n][];
        longs = new long[n][];
        doubles = new double[n][];
        strings = new String[n][];
        for (int f = 0; f < n; f++) {
            nulls[f] = new boolean[count];
            switch (kinds[f]) {
                case STRING -> strings[f] = new String[count];
                case FLOAT, DOUBLE -> doubles[f] = new double[count];
                default -> longs[f] = new long[count];
            }
        }
    }

    /** Offers one feature row (key id, event time, created and values in {@code row}). */
    void offer(RowValues row) {
        int key = row.key;
        if (key < 0 || key >= keyStart.length - 1) {
            return;
        }
        int lo = keyStart[key];
        int hi = keyStart[key + 1];
        long event = row.eventTime;
        if (lo == hi || event > times[hi - 1]) {
            return;
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
        if (filled[j] && (event < bestEvent[j] || event == bestEvent[j] && row.created < bestCreated[j])) {
            return;
        }
        filled[j] = true;
        bestEvent[j] = event;
        bestCreated[j] = row.created;
        for (int f = 0; f < kinds.length; f++) {
            boolean isNull = row.nulls[f];
            nulls[f][j] = isNull;
            switch (kinds[f]) {
                case STRING -> strings[f][j] = isNull ? null : row.strings[f];
                case FLOAT, DOUBLE -> doubles[f][j] = row.doubles[f];
                default -> longs[f][j] = row.longs[f];
            }
        }
    }

    /** Resolves every probe's answer; call once, after the last offer. */
    void resolve() {
        answer = new int[times.length];
        for (int k = 0; k < keyStart.length - 1; k++) {
            int last = -1;
            for (int j = keyStart[k]; j < keyStart[k + 1]; j++) {
                if (filled[j]) {
                    last = j;
                }
                boolean fresh = last >= 0 && (ttlMillis <= 0 || bestEvent[last] >= times[j] - ttlMillis);
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
        for (int f = 0; f < kinds.length; f++) {
            out.nulls[f] = nulls[f][a];
            switch (kinds[f]) {
                case STRING -> out.strings[f] = strings[f][a];
                case FLOAT, DOUBLE -> out.doubles[f] = doubles[f][a];
                default -> out.longs[f] = longs[f][a];
            }
        }
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
