package dev.flywheel.features.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link DatasetBuilder} uses the machine.
 *
 * @param workDirectory where inputs are downloaded and sort runs spilled (a fresh folder per build, deleted after)
 * @param maxRowsInMemory entity rows joined in memory at once per view: more entity rows are split into
 *     {@code ceil(rows / maxRowsInMemory)} partitions spilled to the work folder (see {@link ViewJoiner})
 * @param profileSampleSize values sampled per numeric feature to freeze its bin edges
 */
public record DatasetBuilderSettings(Path workDirectory, int maxRowsInMemory, int profileSampleSize) {

    /** Checks every value. */
    public DatasetBuilderSettings {
        Objects.requireNonNull(workDirectory, "workDirectory");
        if (maxRowsInMemory < 1) {
            throw new IllegalArgumentException("dataset builder: maxRowsInMemory must be >= 1, was " + maxRowsInMemory);
        }
        if (profileSampleSize < 1) {
            throw new IllegalArgumentException("dataset builder: profileSampleSize must be >= 1, was " + profileSampleSize);
        }
    }

    /** Defaults: the system temporary folder, 500,000 entity rows per partition, 100,000 sampled values. */
    public static DatasetBuilderSettings defaults() {
        return new DatasetBuilderSettings(Path.of(System.getProperty("java.io.tmpdir")), 500_000, 100_000);
    }
}
