package dev.flywheel.drift.detect;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ADWIN (Bifet and Gavalda, 2007): an adaptive window that drops its older part whenever the means of the
 * two parts differ by more than the Hoeffding-Bernstein bound of the paper's ADWIN2, in either direction.
 *
 * <p>The window is an exponential histogram: buckets of 2^k values holding their sum and sum of squared
 * deviations, at most {@link #MAX_BUCKETS_PER_SIZE} per size, so memory is O(log n). Every value checks each
 * bucket boundary as a split point, with {@code eps = sqrt(2/m * var * ln(2/d')) + 2/(3m) * ln(2/d')},
 * {@code m = 1 / (1/n0 + 1/n1)}, {@code d' = delta / ln(n)}, and both parts at least
 * {@link #MIN_SUB_WINDOW} values long. MOA checks only every 32 values, which is why it reports changes
 * up to 31 values late; this detector checks every value.
 *
 * <p>Unlike raw ADWIN, a detection empties the window: the values left after a cut are a mix of bucket
 * remnants from both sides of the change, and keeping them makes ADWIN cut again and again on one change.
 */
public final class Adwin implements ChangeDetector {

    /** The paper's and MOA's default confidence. */
    public static final double DEFAULT_DELTA = 0.002;
    /** Buckets of one size kept before two are merged (MOA's M = 5). */
    public static final int MAX_BUCKETS_PER_SIZE = 5;
    /** Fewest values on each side of a split (as MOA). */
    public static final int MIN_SUB_WINDOW = 5;
    static final byte TAG = 1;

    private final double delta;
    // Oldest first; sizes never increase from oldest to newest.
    private final List<double[]> buckets = new ArrayList<>();
    private long count;
    private double sum;
    private double m2;
    private Change lastChange;

    /**
     * Creates a detector.
     *
     * @param delta the confidence: the chance of a false cut on a stationary stream, in (0, 1)
     */
    public Adwin(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
        this.delta = delta;
    }

    @Override
    public boolean add(double value) {
        append(new double[] {1, value, 0});
        compress();
        if (detectCut()) {
            buckets.clear();
            count = 0;
            sum = 0;
            m2 = 0;
            return true;
        }
        return false;
    }

    @Override
    public Optional<Change> lastChange() {
        return Optional.ofNullable(lastChange);
    }

    @Override
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(1 + 3 * Double.BYTES + Long.BYTES + Integer.BYTES
                + 3 * Double.BYTES * buckets.size());
        out.put(TAG).putDouble(delta).putLong(count).putDouble(sum).putDouble(m2).putInt(buckets.size());
        for (double[] bucket : buckets) {
            out.putDouble(bucket[0]).putDouble(bucket[1]).putDouble(bucket[2]);
        }
        return out.array();
    }

    static Adwin decode(ByteBuffer in) {
        Adwin adwin = new Adwin(in.getDouble());
        adwin.count = in.getLong();
        adwin.sum = in.getDouble();
        adwin.m2 = in.getDouble();
        int size = in.getInt();
        for (int i = 0; i < size; i++) {
            adwin.buckets.add(new double[] {in.getDouble(), in.getDouble(), in.getDouble()});
        }
        return adwin;
    }

    @Override
    public double mean() {
        return count == 0 ? 0 : sum / count;
    }

    @Override
    public long size() {
        return count;
    }

    /** Returns how many buckets the window holds (for memory accounting). */
    public int buckets() {
        return buckets.size();
    }

    private void append(double[] bucket) {
        if (count > 0) {
            double mean = sum / count;
            m2 += bucket[2] + count * bucket[0] / (count + bucket[0]) * square(mean - bucket[1] / bucket[0]);
        } else {
            m2 = bucket[2];
        }
        count += (long) bucket[0];
        sum += bucket[1];
        buckets.add(bucket);
    }

    private void compress() {
        int i = buckets.size() - 1;
        while (i >= MAX_BUCKETS_PER_SIZE) {
            double size = buckets.get(i)[0];
            int first = i;
            while (first > 0 && buckets.get(first - 1)[0] == size) {
                first--;
            }
            if (i - first + 1 <= MAX_BUCKETS_PER_SIZE) {
                i = first - 1;
                continue;
            }
            // Merge the two oldest buckets of this size into one of twice the size.
            buckets.set(first, merge(buckets.get(first), buckets.get(first + 1)));
            buckets.remove(first + 1);
            i = first;
        }
    }

    private static double[] merge(double[] a, double[] b) {
        double n = a[0] + b[0];
        double delta = a[1] / a[0] - b[1] / b[0];
        return new double[] {n, a[1] + b[1], a[2] + b[2] + a[0] * b[0] / n * delta * delta};
    }

    private boolean detectCut() {
        if (count < 2L * MIN_SUB_WINDOW) {
            return false;
        }
        double variance = m2 / count;
        double lnTerm = Math.log(2 * Math.log(count) / delta);
        double n0 = 0;
        double s0 = 0;
        for (int i = 0; i < buckets.size() - 1; i++) {
            n0 += buckets.get(i)[0];
            s0 += buckets.get(i)[1];
            double n1 = count - n0;
            if (n0 < MIN_SUB_WINDOW) {
                continue;
            }
            if (n1 < MIN_SUB_WINDOW) {
                break;
            }
            double m = 1 / (1 / n0 + 1 / n1);
            double epsilon = Math.sqrt(2 / m * variance * lnTerm) + 2 / (3 * m) * lnTerm;
            double gap = (sum - s0) / n1 - s0 / n0;
            if (Math.abs(gap) > epsilon) {
                lastChange = new Change(gap > 0 ? 1 : -1, Math.abs(gap), epsilon, s0 / n0, (sum - s0) / n1,
                        (long) n0, (long) n1);
                return true;
            }
        }
        return false;
    }

    private static double square(double x) {
        return x * x;
    }
}
