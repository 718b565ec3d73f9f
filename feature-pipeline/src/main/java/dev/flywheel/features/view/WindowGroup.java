package dev.flywheel.features.view;

import dev.flywheel.topology.spec.WindowKind;
import dev.flywheel.topology.spec.WindowSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The features of a view that share one window, and how that window is kept: as <em>slices</em>, one
 * accumulator set per entity per slice of event time, in the entity's {@link EntityState}. A feature's current
 * value is the merge of the slices its current window covers.
 *
 * <ul>
 *   <li>tumbling: slices as wide as the window; the current window at time {@code t} is the one that
 *       contains {@code t}, {@code [floor(t/size)*size, +size)};</li>
 *   <li>hopping: slices as wide as {@code gcd(size, hop)}; the current window at {@code t} is the one
 *       containing {@code t} that ends soonest, {@code [e - size, e)} with {@code e = floor(t/hop)*hop + hop},
 *       so the value covers as much recent history as a hopping window can;</li>
 *   <li>sliding: slices of one millisecond (the events themselves, merged per timestamp); the current
 *       window at {@code t} is {@code (t - size, t]}, exact at every event.</li>
 * </ul>
 *
 * @param window the shared window
 * @param features the features over it, in spec order
 * @param identity the window's identity in stored state: kind, size and hop in milliseconds
 *     ({@code sliding-3600000}, {@code hopping-3600000-600000}); slices stored under another identity are not read
 * @param retention how long slices are kept: window size plus the view's grace, counted back from stream time
 */
public record WindowGroup(WindowSpec window, List<FeatureDef> features, String identity, Duration retention) {

    /** Checks the parts are present and copies the list. */
    public WindowGroup {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(retention, "retention");
        features = List.copyOf(features);
    }

    /**
     * Creates the group of a window in a view.
     *
     * @param window the window
     * @param features the features over it
     * @param grace the view's grace period
     * @return the group
     */
    static WindowGroup of(WindowSpec window, List<FeatureDef> features, Duration grace) {
        String identity = window.kind().name().toLowerCase(Locale.ROOT) + "-" + window.size().toMillis()
                + (window.kind() == WindowKind.HOPPING ? "-" + window.hop().toMillis() : "");
        return new WindowGroup(window, features, identity, window.size().plus(grace));
    }

    /** Returns the width of one slice in milliseconds. */
    public long sliceMillis() {
        return switch (window.kind()) {
            case TUMBLING -> window.size().toMillis();
            case HOPPING -> gcd(window.size().toMillis(), window.hop().toMillis());
            case SLIDING -> 1L;
        };
    }

    /** Greatest common divisor (Euclid, on longs): runs for every event, where {@code BigInteger.gcd} allocated. */
    private static long gcd(long a, long b) {
        long x = Math.abs(a);
        long y = Math.abs(b);
        while (y != 0) {
            long next = x % y;
            x = y;
            y = next;
        }
        return x;
    }

    /** Returns the start of the slice that holds an event time. */
    public long sliceStart(long eventTime) {
        long width = sliceMillis();
        return Math.floorDiv(eventTime, width) * width;
    }

    /**
     * Returns the first slice start of the current window at a time; the window ends at {@code asOf}
     * inclusive (no event of the entity is later than {@code asOf}).
     *
     * @param asOf the time the value is computed for
     * @return the earliest slice start to merge
     */
    public long currentWindowFrom(long asOf) {
        long size = window.size().toMillis();
        return switch (window.kind()) {
            case TUMBLING -> Math.floorDiv(asOf, size) * size;
            case HOPPING -> {
                long hop = window.hop().toMillis();
                yield Math.floorDiv(asOf, hop) * hop + hop - size;
            }
            case SLIDING -> asOf - size + 1;
        };
    }
}
