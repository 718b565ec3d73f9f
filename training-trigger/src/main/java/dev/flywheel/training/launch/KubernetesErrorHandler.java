package dev.flywheel.training.launch;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import dev.flywheel.training.flow.Backoff;
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


    private final Backoff backoff;

    /**
     * Creates the handler.
     *
     * @param maxAttempts calls in all, at least 1
     * @param initialBackoff the first wait
     * @param maxBackoff the longest wait
     * @param sleeper how to wait
     */
    public KubernetesErrorHandler(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                                  Backoff.Sleeper sleeper) {
        this.backoff = new Backoff(maxAttempts, initialBackoff, maxBackoff, sleeper);
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
        Duration wait = backoff.initial();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (KubernetesClientException e) {
                String status = e.getCode() > 0 ? "HTTP " + e.getCode() : "no answer";
                String message = status + " " + what + ": " + summary(e);
                if (!retriable(e)) {
                    throw new LaunchException(message, e);
                }
                if (attempt >= backoff.maxAttempts()) {
                    throw new LaunchException(message + " (gave up after " + attempt + " attempts)", e);
                }
                LOG.warn("Kubernetes: {} (attempt {} of {}), retrying in {} ms", message, attempt,
                        backoff.maxAttempts(), wait.toMillis());
                pause(wait, what, e);
                wait = backoff.after(wait);
            }
        }
    }

    private void pause(Duration wait, String what, KubernetesClientException e) {
        try {
            backoff.sleeper().sleep(wait);
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
