package dev.flywheel.training.launch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the Kubernetes launchers create jobs.
 *
 * @param namespace the namespace of every job
 * @param serviceAccount the pods' service account (for S3 access through workload identity), if any
 * @param backoffLimit pod retries when the spec does not say
 * @param ttlAfterFinished how long a finished job is kept when the spec does not say
 * @param maxAttempts API calls in all per operation (retries on 5xx, 429, timeouts)
 * @param initialBackoff the first wait between attempts
 * @param maxBackoff the longest wait
 */
public record KubernetesSettings(String namespace, Optional<String> serviceAccount, int backoffLimit,
                                 Duration ttlAfterFinished, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Checks the values. */
    public KubernetesSettings {
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        if (namespace == null || !JobNames.valid(namespace)) {
            throw new IllegalArgumentException("namespace must be a DNS label, was '" + namespace + "'");
        }
        if (backoffLimit < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("backoffLimit must be >= 0 and maxAttempts >= 1");
        }
    }

    /** Namespace {@code default}, no service account, 2 pod retries, kept a day, 5 attempts from 500 ms to 10 s. */
    public static KubernetesSettings defaults(String namespace) {
        return new KubernetesSettings(namespace, Optional.empty(), 2, Duration.ofDays(1), 5, Duration.ofMillis(500),
                Duration.ofSeconds(10));
    }
}
