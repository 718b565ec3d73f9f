package dev.flywheel.features.dataset;

import java.nio.file.Path;

/**
 * One input file of a build, downloaded or local.
 *
 * @param local where it is read from
 * @param uri where it came from ({@code s3://...} or a local path)
 * @param identity what identifies its content (an S3 entity tag, or a SHA-256 of a local file), hashed into the id
 * @param size its size in bytes
 */
public record InputFile(Path local, String uri, String identity, long size) {
}
