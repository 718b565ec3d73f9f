package dev.flywheel.training.stage;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How datasets are staged to EFS with AWS DataSync.
 *
 * @param taskArn the DataSync task (S3 location to EFS location) to run; empty: one is created from the two locations
 * @param sourceLocationArn the S3 location (when no task is given)
 * @param destinationLocationArn the EFS location (when no task is given)
 * @param sourceSubdirectory the S3 location's subdirectory ({@code /} for the bucket's root): dataset keys are
 *                           copied to the same path relative to it under the EFS location
 * @param mountPath where the EFS location's folder is mounted in the trainer's pod
 * @param claimName the PersistentVolumeClaim of that file system, mounted read-only into Kubernetes jobs
 * @param pollInterval time between two looks at a task execution
 * @param timeout the longest a copy may take; then it is cancelled and the request fails
 * @param maxAttempts DataSync API calls per operation (retries on 5xx, throttling, no answer)
 * @param initialBackoff the first wait between two attempts (doubling, at most 20x)
 */
public record DataSyncSettings(Optional<String> taskArn, Optional<String> sourceLocationArn,
                               Optional<String> destinationLocationArn, String sourceSubdirectory, String mountPath,
                               Optional<String> claimName, Duration pollInterval, Duration timeout, int maxAttempts,
                               Duration initialBackoff) {

    /** Checks that a task or both locations are named. */
    public DataSyncSettings {
        Objects.requireNonNull(taskArn, "taskArn");
        Objects.requireNonNull(sourceLocationArn, "sourceLocationArn");
        Objects.requireNonNull(destinationLocationArn, "destinationLocationArn");
        Objects.requireNonNull(sourceSubdirectory, "sourceSubdirectory");
        Objects.requireNonNull(mountPath, "mountPath");
        Objects.requireNonNull(claimName, "claimName");
        if (taskArn.isEmpty() && (sourceLocationArn.isEmpty() || destinationLocationArn.isEmpty())) {
            throw new IllegalArgumentException("DataSync needs a task ARN, or both a source and a destination location ARN");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** The longest wait between two attempts. */
    public Duration maxBackoff() {
        return initialBackoff.multipliedBy(20);
    }
}
