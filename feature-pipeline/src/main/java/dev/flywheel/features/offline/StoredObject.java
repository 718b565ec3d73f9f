package dev.flywheel.features.offline;

import java.time.Instant;
import java.util.Objects;

/**
 * An object of the bucket, as listed.
 *
 * @param key its key
 * @param size its size in bytes
 * @param etag its entity tag without quotes (the MD5 of a single-PUT object): identifies the content
 * @param lastModified when it was last written, as S3 lists it ({@link Instant#EPOCH} when unknown)
 */
public record StoredObject(String key, long size, String etag, Instant lastModified) {

    /** Checks the time is present. */
    public StoredObject {
        Objects.requireNonNull(lastModified, "lastModified");
    }

    /** An object whose modification time is unknown. */
    public StoredObject(String key, long size, String etag) {
        this(key, size, etag, Instant.EPOCH);
    }
}
