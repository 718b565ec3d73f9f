package dev.flywheel.training.flow;

import java.time.Duration;

/**
 * Bounded exponential backoff, shared by the trigger's boundary error handlers (Kubernetes, DataSync): how many calls
 * in all, the first wait, the longest wait, and how to wait.
 *
 * @param maxAttempts calls in all, at least 1
 * @param initial the first wait
 * @param max the longest wait
 * @param sleeper how to wait; tests pass one that does not sleep
 */
public record Backoff(int maxAttempts, Duration initial, Duration max, Sleeper sleeper) {

    /** How a handler waits between retries. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits. */
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Validates the attempts. */
    public Backoff {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** The wait after {@code wait}: twice as long, at most {@link #max()}. */
    public Duration after(Duration wait) {
        Duration doubled = wait.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
