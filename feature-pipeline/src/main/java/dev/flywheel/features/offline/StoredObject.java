package dev.flywheel.features.offline;

/**
 * An object of the bucket, as listed.
 *
 * @param key its key
 * @param size its size in bytes
 * @param etag its entity tag without quotes (the MD5 of a single-PUT object): identifies the content
 */
public record StoredObject(String key, long size, String etag) {
}
