package dev.flywheel.registry.artifact;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Reads model artifacts so the registry can check them before it registers a version. The registry itself
 * only reads local files ({@link LocalFileArtifactStore}); stores for other schemes ({@code s3://}) are supplied
 * by whoever runs the registry, because only the feature pipeline and the training trigger may hold S3
 * clients (ARCHITECTURE.md).
 */
public interface ArtifactStore {

    /** Returns the URI schemes this store reads, lower case (for example {@code file}). */
    Set<String> schemes();

    /**
     * Returns the hex SHA-256 (lower case) of the artifact's bytes.
     *
     * @param uri the artifact URI, of one of {@link #schemes()}
     * @return the digest, or empty when no artifact exists at that URI
     * @throws ArtifactAccessException when the store cannot be reached now (retriable: the artifact may exist)
     */
    Optional<String> sha256(URI uri);
}
