package dev.flywheel.topology.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether a repeated log line may be written now: at most one per key per interval, reporting
 * how many were held back meanwhile. A flood of bad records must not become a flood of log lines (every
 * one is still counted in a metric and lands in the DLQ).
 */
final class RateLimitedLog {

    private final Duration interval;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RateLimitedLog(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    /**
     * Returns -1 when the line must be held back, or the number held back since the last one written.
     */
    long permit(String key) {
        long now = clock.millis();
        Window window = windows.computeIfAbsent(key, k -> new Window());
        synchronized (window) {
            if (window.lastWritten >= 0 && now - window.lastWritten < interval.toMillis()) {
                window.suppressed.incrementAndGet();
                return -1;
            }
            window.lastWritten = now;
            return window.suppressed.getAndSet(0);
        }
    }

    private static final class Window {
        private long lastWritten = -1;
        private final AtomicLong suppressed = new AtomicLong();
    }
}
