package dev.flywheel.features.online;

import java.util.List;
import java.util.NoSuchElementException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The one place that decides what a Redis failure means for the online tier.
 *
 * <ul>
 *   <li><b>Retriable</b>: connection refused or reset, connect or read timeout, no free connection in the pool,
 *   and server replies that pass: {@code BUSY} (a script running), {@code LOADING} (restart),
 *   {@code READONLY}/{@code MASTERDOWN} (failover), {@code TRYAGAIN}, {@code CLUSTERDOWN}, {@code OOM}
 *   (eviction may free memory).</li>
 *   <li><b>Script missing</b>: {@code NOSCRIPT} (script cache flushed, or a failover to a replica that never
 *   loaded it): load the script again and retry at once; writes are idempotent, so a partly applied pipeline
 *   does no harm.</li>
 *   <li><b>Permanent</b>: refused credentials ({@code NOAUTH}, {@code WRONGPASS}, {@code NOPERM}),
 *   {@code WRONGTYPE} (something else owns a key of the project), script errors, anything else the server
 *   rejects: retrying would fail the same way.</li>
 * </ul>
 */
public final class RedisErrorHandler {

    /** What to do about a failure. */
    public enum Decision {
        /** Wait and try again, within the attempts allowed. */
        RETRIABLE,
        /** Load the Lua script again, then retry. */
        SCRIPT_MISSING,
        /** Give up at once. */
        PERMANENT
    }

    private static final List<String> RETRIABLE_REPLIES =
            List.of("BUSY", "LOADING", "READONLY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "OOM");

    private RedisErrorHandler() {
    }

    /**
     * Classifies a failure.
     *
     * @param failure what Jedis threw, or an error reply from a pipeline
     * @return the decision
     */
    public static Decision classify(Throwable failure) {
        if (failure instanceof JedisNoScriptException) {
            return Decision.SCRIPT_MISSING;
        }
        if (failure instanceof JedisAccessControlException) {
            return Decision.PERMANENT;
        }
        if (failure instanceof JedisConnectionException || failure instanceof JedisBusyException) {
            return Decision.RETRIABLE;
        }
        if (failure instanceof JedisDataException) {
            String message = failure.getMessage() == null ? "" : failure.getMessage();
            if (message.startsWith("NOSCRIPT")) {
                return Decision.SCRIPT_MISSING;
            }
            return RETRIABLE_REPLIES.stream().anyMatch(message::startsWith) ? Decision.RETRIABLE : Decision.PERMANENT;
        }
        if (failure instanceof JedisException && failure.getCause() instanceof NoSuchElementException) {
            return Decision.RETRIABLE; // pool exhausted: every connection busy until the timeout
        }
        return Decision.PERMANENT;
    }
}
