package dev.flywheel.training.stage;

import dev.flywheel.training.flow.Backoff;
import dev.flywheel.training.flow.StagingException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one error handler of the AWS DataSync boundary. Retriable: HTTP 5xx (DataSync's {@code InternalException}),
 * throttling (429, or a {@code ThrottlingException} error code on a 400), 408, and no answer at all (the SDK's client
 * exceptions: connection refused or reset, timeouts). Permanent: every other answer, notably DataSync's
 * {@code InvalidRequestException} (400: a wrong ARN, a task already running with other filters, a bad filter) and
 * 401/403 (IAM): the request fails with a reason naming the status and the error code. Retries are bounded, back off
 * exponentially and log one WARN each; the SDK's own retries are switched off where the client is built, so that
 * there is one policy.
 */
public final class DataSyncErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DataSyncErrorHandler.class);


    private final Backoff backoff;

    /**
     * Creates the handler.
     *
     * @param maxAttempts calls in all, at least 1
     * @param initialBackoff the first wait
     * @param maxBackoff the longest wait
     * @param sleeper how to wait
     */
    public DataSyncErrorHandler(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                                Backoff.Sleeper sleeper) {
        this.backoff = new Backoff(maxAttempts, initialBackoff, maxBackoff, sleeper);
    }

    /** Whether a failure may pass if the call is repeated. */
    public static boolean retriable(SdkException e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            return status >= 500 || status == 429 || status == 408 || service.isThrottlingException();
        }
        return e instanceof SdkClientException;
    }

    /**
     * Calls DataSync.
     *
     * @param what what the call does, for the log and the reason ("starting DataSync task arn:...")
     * @param call the call
     * @param <T> its result
     * @return the result
     * @throws StagingException on a permanent failure, or when the retries are spent
     * @throws InterruptedException when interrupted while waiting to retry
     */
    public <T> T call(String what, Supplier<T> call) throws InterruptedException {
        Duration wait = backoff.initial();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (SdkException e) {
                String message = status(e) + " " + what + ": " + summary(e);
                if (!retriable(e)) {
                    throw new StagingException(message, e);
                }
                if (attempt >= backoff.maxAttempts()) {
                    throw new StagingException(message + " (gave up after " + attempt + " attempts)", e);
                }
                LOG.warn("DataSync: {} (attempt {} of {}), retrying in {} ms", message, attempt,
                        backoff.maxAttempts(), wait.toMillis());
                backoff.sleeper().sleep(wait);
                wait = backoff.after(wait);
            }
        }
    }

    private static String status(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return "HTTP " + service.statusCode() + (code == null ? "" : " " + code);
        }
        return "no answer";
    }

    private static String summary(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
