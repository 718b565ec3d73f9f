package dev.flywheel.topology.runtime;

import dev.flywheel.schemas.serde.SchemaRegistryAccessException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stage does when a stream thread dies: a transient error (a retriable Kafka error, or the
 * schema registry out of reach, anywhere in the cause chain) replaces the thread, at most {@code maxReplacements} times within {@code window};
 * anything else, or one transient error too many, shuts the client down with a logged reason. A stage
 * that keeps failing is better down and visible in its health than restarting in a silent loop.
 */
public final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

    private final String stage;
    private final int maxReplacements;
    private final Duration window;
    private final Clock clock;
    private final Consumer<String> onShutdown;
    private final Deque<Instant> replacements = new ArrayDeque<>();

    /**
     * Creates the policy.
     *
     * @param stage the stage name, for log lines
     * @param maxReplacements the most thread replacements allowed within the window
     * @param window the sliding window replacements are counted in
     * @param clock the clock
     * @param onShutdown told the reason when the policy shuts the client down
     */
    public ThreadReplacementPolicy(String stage, int maxReplacements, Duration window, Clock clock,
                                   Consumer<String> onShutdown) {
        this.stage = stage;
        this.maxReplacements = maxReplacements;
        this.window = window;
        this.clock = clock;
        this.onShutdown = onShutdown;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable error) {
        return Mdc.with(Mdc.STAGE, stage, () -> decide(error));
    }

    private StreamThreadExceptionResponse decide(Throwable error) {
        Instant now = clock.instant();
        while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minus(window))) {
            replacements.removeFirst();
        }
        String summary = DlqHandlerSupport.describe(error);
        if (!isTransient(error)) {
            return shutDown("permanent error in a stream thread: " + summary, error);
        }
        if (replacements.size() >= maxReplacements) {
            return shutDown(replacements.size() + " stream threads replaced within " + window
                    + " and another transient error: " + summary, error);
        }
        replacements.addLast(now);
        LOG.warn("Stage {}: replacing stream thread after transient error ({} of {} within {}): {}", stage,
                replacements.size(), maxReplacements, window, summary);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private StreamThreadExceptionResponse shutDown(String reason, Throwable error) {
        LOG.error("Stage {}: shutting down: {}", stage, reason, error);
        onShutdown.accept(reason);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Returns whether an error is worth a new thread: retriable, or the registry out of reach. */
    static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException || t instanceof SchemaRegistryAccessException) {
                return true;
            }
        }
        return false;
    }
}
