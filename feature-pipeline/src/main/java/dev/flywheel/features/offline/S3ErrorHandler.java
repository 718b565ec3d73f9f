package dev.flywheel.features.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place that decides what an S3 failure means for the offline tier and the dataset builder.
 *
 * <ul>
 *   <li><b>Retriable</b>: no answer at all (connection refused or reset, unknown host, I/O errors, call or attempt
 *   timeouts: the SDK's {@link SdkClientException}s), HTTP 5xx (500 InternalError, 503 SlowDown/ServiceUnavailable),
 *   429 and 408, and the throttling error codes S3 sends with a 400 ({@code RequestTimeout},
 *   {@code RequestTimeTooSkewed}, {@code SlowDown}).</li>
 *   <li><b>Permanent</b>: every other answer: 403 (refused credentials or signature), 404 ({@code NoSuchBucket};
 *   a missing key is answered by the caller, not retried), 400 malformed requests. Retrying would fail the same way.</li>
 * </ul>
 *
 * <p>Every write of the offline tier is a single PUT of a complete object, so a retried PUT overwrites and never
 * exposes a partial object.
 */
public final class S3ErrorHandler {

    /** What to do about a failure. */
    public enum Decision {
        /** Wait and try again, within the attempts allowed. */
        RETRIABLE,
        /** Give up at once. */
        PERMANENT
    }

    private static final Set<String> RETRIABLE_CODES = Set.of("RequestTimeout", "RequestTimeTooSkewed", "SlowDown",
            "InternalError", "ServiceUnavailable", "Throttling", "ThrottlingException");

    private S3ErrorHandler() {
    }

    /**
     * Classifies a failure.
     *
     * @param failure what the SDK (or reading a local file for an upload) threw
     * @return the decision
     */
    public static Decision classify(Throwable failure) {
        if (failure instanceof SdkServiceException service) {
            int status = service.statusCode();
            if (status >= 500 || status == 429 || status == 408 || service.isThrottlingException()) {
                return Decision.RETRIABLE;
            }
            String code = service instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws
                    && aws.awsErrorDetails() != null ? aws.awsErrorDetails().errorCode() : null;
            return code != null && RETRIABLE_CODES.contains(code) ? Decision.RETRIABLE : Decision.PERMANENT;
        }
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException
                || failure instanceof SdkClientException) {
            return Decision.RETRIABLE;
        }
        if (failure instanceof UncheckedIOException || failure instanceof IOException) {
            return Decision.RETRIABLE;
        }
        return Decision.PERMANENT;
    }
}
