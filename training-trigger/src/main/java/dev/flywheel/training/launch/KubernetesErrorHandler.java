package dev.flywheel.training.launch;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error handler of the Kubernetes boundary. Retriable: HTTP 5xx, 429 (throttled), 408, and no answer at all
 * (connection refused or reset, timeouts: fabric8 reports those with code 0 and an I/O cause). Permanent: every other
 * answer, notably 401/403 (RBAC), 404, 400 and 422 (the API server rejects the manifest): retrying cannot help, so
 * the request fails with a reason naming the status. Retries are bounded, back off exponentially, and log one WARN
 * each. A 409 on create is not an error here: the launchers turn it into attaching to the existing job.
 */
public final class KubernetesErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesErrorHandler.class);

    /** How a handler waits between retries; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits. */
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;

    /**
     * Creates the handler.
     *
     * @param maxAttempts calls in all, at least 1
     * @param initialBackoff the first wait
     * @param maxBackoff the longest wait
     * @param sleeper how to wait
     */
    public KubernetesErrorHandler(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.sleeper = sleeper;
    }

    /** Whether a failure may pass if the call is repeated. */
    public static boolean retriable(KubernetesClientException e) {
        int code = e.getCode();
        if (code >= 500 || code == 429 || code == 408) {
            return true;
        }
        if (code > 0) {
            return false;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return !(cause instanceof InterruptedIOException) || cause instanceof java.net.SocketTimeoutException
                        || cause instanceof java.net.http.HttpTimeoutException;
            }
        }
        return false;
    }

    /**
     * Calls the API server.
     *
     * @param what what the call does, for the log and the reason ("creating Job fw-x")
     * @param call the call
     * @param <T> its result
     * @return the result
     * @throws LaunchException on a permanent failure, or when the retries are spent
     */
    public <T> T call(String what, Supplier<T> call) {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (KubernetesClientException e) {
                String status = e.getCode() > 0 ? "HTTP " + e.getCode() : "no answer";
                String message = status + " " + what + ": " + summary(e);
                if (!retriable(e)) {
                    throw new LaunchException(message, e);
                }
                if (attempt >= maxAttempts) {
                    throw new LaunchException(message + " (gave up after " + attempt + " attempts)", e);
                }
                LOG.warn("Kubernetes: {} (attempt {} of {}), retrying in {} ms", message, attempt, maxAttempts,
                        backoff.toMillis());
                pause(backoff, what, e);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    private void pause(Duration backoff, String what, KubernetesClientException e) {
        try {
            sleeper.sleep(backoff);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while retrying " + what, e);
        }
    }

    private static String summary(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
