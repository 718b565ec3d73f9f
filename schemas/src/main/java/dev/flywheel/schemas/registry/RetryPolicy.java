package dev.flywheel.schemas.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff for transient registry failures (I/O errors, timeouts, HTTP 5xx and 429).
 * Client errors (4xx) are never retried: repeating a bad request cannot fix it.
 *
 * @param maxRetries retries after the first attempt; 0 disables retrying
 * @param initialBackoff wait before the first retry; doubles for each further retry
 * @param maxBackoff upper bound of any single wait
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    /** Three retries, waiting 100 ms, 200 ms, 400 ms (up to 5 s). */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5));

    /** No retries at all. */
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative");
        }
    }

    /**
     * The wait before retry number {@code retry} (1-based): exponential, capped, with up to 20% jitter
     * downwards so that many clients retrying together spread out.
     */
    public Duration backoff(int retry) {
        long initial = initialBackoff.toMillis();
        long cap = Math.max(initial, maxBackoff.toMillis());
        long exponential = initial << Math.min(Math.max(retry - 1, 0), 30);
        long bounded = exponential < 0 ? cap : Math.min(cap, exponential);
        long jitter = bounded <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bounded / 5 + 1);
        return Duration.ofMillis(bounded - jitter);
    }
}
