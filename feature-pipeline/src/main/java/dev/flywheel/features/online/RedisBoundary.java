package dev.flywheel.features.online;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Runs one Redis action on a pooled connection with bounded retries: exponential backoff between attempts, a
 * log line per retry, {@link RedisErrorHandler} deciding what is worth retrying. A missing script is loaded
 * again through the {@code onScriptMissing} hook before the next attempt.
 */
public final class RedisBoundary {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBoundary.class);

    /** Lends a connection; closing it gives it back. */
    @FunctionalInterface
    public interface Connections {
        /** A connection from the pool. */
        Jedis borrow();
    }

    /** Waits between attempts; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits for a duration. */
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Connections connections;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;

    /**
     * A boundary.
     *
     * @param connections where connections come from
     * @param config attempts and backoff
     * @param sleeper how to wait
     */
    public RedisBoundary(Connections connections, OnlineStoreConfig config, Sleeper sleeper) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.maxAttempts = config.maxAttempts();
        this.initialBackoff = config.initialBackoff();
        this.maxBackoff = config.maxBackoff();
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Runs an action until it succeeds, fails permanently, or the attempts are used up.
     *
     * @param operation what it does, for messages
     * @param action the action; may throw Jedis exceptions (pipelines rethrow their first error reply)
     * @param onScriptMissing loads missing scripts on a connection before the next attempt
     * @param <T> the result type
     * @return the action's result
     * @throws OnlineStoreException when it fails permanently or retriable failures outlast the attempts
     */
    public <T> T execute(String operation, Function<Jedis, T> action, Function<Jedis, ?> onScriptMissing) {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            RuntimeException failure;
            try (Jedis jedis = connections.borrow()) {
                return action.apply(jedis);
            } catch (JedisException e) {
                failure = e;
            }
            RedisErrorHandler.Decision decision = RedisErrorHandler.classify(failure);
            if (decision == RedisErrorHandler.Decision.PERMANENT) {
                throw new OnlineStoreException("Redis " + operation + " failed permanently: " + failure.getMessage(), false, failure);
            }
            if (attempt >= maxAttempts) {
                throw new OnlineStoreException("Redis " + operation + " failed after " + attempt + " attempts: "
                        + failure.getMessage(), true, failure);
            }
            if (decision == RedisErrorHandler.Decision.SCRIPT_MISSING) {
                // routine after a Redis restart, failover or SCRIPT FLUSH, and on a server that never saw the script
                LOG.info("Redis {}: script missing on the server (attempt {}/{}), loading it again", operation, attempt,
                        maxAttempts);
                reloadScripts(operation, onScriptMissing);
                continue;
            }
            LOG.warn("Redis {} failed (attempt {}/{}), retrying in {} ms: {}", operation, attempt, maxAttempts,
                    backoff.toMillis(), failure.toString());
            pause(operation, backoff, failure);
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        }
    }

    private void reloadScripts(String operation, Function<Jedis, ?> onScriptMissing) {
        try (Jedis jedis = connections.borrow()) {
            onScriptMissing.apply(jedis);
        } catch (JedisException e) {
            // The next attempt meets the same cause and the handler classifies it there.
            LOG.warn("Redis {}: loading the script failed, next attempt decides: {}", operation, e.toString());
        }
    }

    private void pause(String operation, Duration backoff, RuntimeException failure) {
        try {
            sleeper.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            OnlineStoreException interrupted = new OnlineStoreException(
                    "Redis " + operation + " interrupted while waiting to retry", true, e);
            interrupted.addSuppressed(failure);
            throw interrupted;
        }
    }
}
