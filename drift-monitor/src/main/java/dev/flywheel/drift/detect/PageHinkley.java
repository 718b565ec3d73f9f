package dev.flywheel.drift.detect;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Two-sided Page-Hinkley test (Page 1954; MOA's {@code PageHinkleyDM} defaults): with {@code x̄} the running
 * mean, {@code U = sum(x - x̄ - delta)} signals an increase when {@code U - min U > lambda}, and
 * {@code L = sum(x - x̄ + delta)} a decrease when {@code max L - L > lambda}. No signal before
 * {@link #DEFAULT_MIN_VALUES} values. A signal resets the test. Without MOA's fading factor: fading lets
 * the cumulative sums forget, which made MOA signal a second time on a stationary tail (the drift fixture).
 */
public final class PageHinkley implements ChangeDetector {

    /** MOA's default magnitude of changes that are ignored. */
    public static final double DEFAULT_DELTA = 0.005;
    /** MOA's default detection threshold. */
    public static final double DEFAULT_LAMBDA = 50;
    /** MOA's default fewest values before a signal. */
    public static final int DEFAULT_MIN_VALUES = 30;
    static final byte TAG = 2;

    private final double delta;
    private final double lambda;
    private final int minValues;
    private long count;
    private double mean;
    private double up;
    private double upMin;
    private double down;
    private double downMax;
    private Change lastChange;

    /**
     * Creates a test.
     *
     * @param delta the tolerated change magnitude, at least 0
     * @param lambda the detection threshold, positive
     * @param minValues the fewest values before a signal
     */
    public PageHinkley(double delta, double lambda, int minValues) {
        if (!(delta >= 0) || !(lambda > 0) || minValues < 1) {
            throw new IllegalArgumentException("need delta >= 0, lambda > 0, minValues >= 1; got " + delta + ", "
                    + lambda + ", " + minValues);
        }
        this.delta = delta;
        this.lambda = lambda;
        this.minValues = minValues;
    }

    /** Creates a test with MOA's defaults. */
    public PageHinkley() {
        this(DEFAULT_DELTA, DEFAULT_LAMBDA, DEFAULT_MIN_VALUES);
    }

    @Override
    public boolean add(double value) {
        count++;
        mean += (value - mean) / count;
        up += value - mean - delta;
        upMin = Math.min(upMin, up);
        down += value - mean + delta;
        downMax = Math.max(downMax, down);
        if (count >= minValues && (up - upMin > lambda || downMax - down > lambda)) {
            boolean rose = up - upMin > lambda;
            lastChange = new Change(rose ? 1 : -1, rose ? up - upMin : downMax - down, lambda, mean, Double.NaN,
                    count, 0);
            count = 0;
            mean = 0;
            up = 0;
            upMin = 0;
            down = 0;
            downMax = 0;
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
        return ByteBuffer.allocate(1 + Integer.BYTES + Long.BYTES + 7 * Double.BYTES).put(TAG).putDouble(delta)
                .putDouble(lambda).putInt(minValues).putLong(count).putDouble(mean).putDouble(up).putDouble(upMin)
                .putDouble(down).putDouble(downMax).array();
    }

    static PageHinkley decode(ByteBuffer in) {
        PageHinkley test = new PageHinkley(in.getDouble(), in.getDouble(), in.getInt());
        test.count = in.getLong();
        test.mean = in.getDouble();
        test.up = in.getDouble();
        test.upMin = in.getDouble();
        test.down = in.getDouble();
        test.downMax = in.getDouble();
        return test;
    }

    @Override
    public double mean() {
        return mean;
    }

    @Override
    public long size() {
        return count;
    }
}
