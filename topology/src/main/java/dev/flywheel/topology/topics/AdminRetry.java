package dev.flywheel.topology.topics;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The error handler of the Kafka Admin boundary (STYLE.md item 6). Retriable: Kafka's
 * {@link RetriableException}s (broker or controller not available yet, request timeouts) and our own
 * wait running out. Permanent: everything else (not authorized, invalid replication factor, policy
 * violation), which fails at once. Retries are bounded, back off exponentially, and each is logged.
 */
final class AdminRetry {

    /** One Admin call: waits for its futures with the given timeout. */
    @FunctionalInterface
    interface Call<T> {
        T run(Duration timeout) throws ExecutionException, InterruptedException, TimeoutException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(AdminRetry.class);

    private final Duration timeout;
    private final int maxAttempts;
    private final Duration backoff;

    AdminRetry(Duration timeout, int maxAttempts, Duration backoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    Duration timeout() {
        return timeout;
    }

    <T> T call(String what, Call<T> call) {
        Duration wait = backoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException("Interrupted while trying to " + what, e);
            } catch (ExecutionException | TimeoutException | RetriableException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                if (!isRetriable(cause)) {
                    throw new ProvisioningException("Cannot " + what + ": " + cause, cause);
                }
                if (attempt >= maxAttempts) {
                    throw new ProvisioningException("Cannot " + what + " after " + attempt + " attempts: " + cause,
                            cause);
                }
                // One retry is routine (a topic just created is not yet in every broker's metadata); more are not.
                LOG.atLevel(attempt == 1 ? Level.INFO : Level.WARN).log(
                        "Could not {} (attempt {} of {}): {}; retrying in {} ms", what, attempt, maxAttempts, cause,
                        wait.toMillis());
                sleep(wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    static boolean isRetriable(Throwable error) {
        return error instanceof RetriableException || error instanceof TimeoutException;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("Interrupted while waiting to retry", e);
        }
    }
}
