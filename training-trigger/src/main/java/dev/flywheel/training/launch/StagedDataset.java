package dev.flywheel.training.launch;

import java.util.Objects;
import java.util.Optional;

/**
 * A dataset copied to a shared file system the trainer mounts (EFS, filled by AWS DataSync).
 *
 * @param path the dataset's Parquet as the trainer sees it, e.g. {@code /mnt/flywheel-datasets/datasets/d1/data.parquet}
 * @param sourceUri where it was copied from ({@code s3://...})
 * @param mountPath where the file system is mounted in the trainer's pod
 * @param claimName the PersistentVolumeClaim of the file system, mounted read-only into Kubernetes jobs; empty when
 *                  the pods get it otherwise (or the trainer runs locally with the file system mounted on the host)
 */
public record StagedDataset(String path, String sourceUri, String mountPath, Optional<String> claimName) {

    /** Checks the parts. */
    public StagedDataset {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sourceUri, "sourceUri");
        Objects.requireNonNull(mountPath, "mountPath");
        Objects.requireNonNull(claimName, "claimName");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a staged path must be absolute: " + path);
        }
    }

    /** The {@code file:} URI the trainer reads. */
    public String uri() {
        return "file:" + path;
    }
}
