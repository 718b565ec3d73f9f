package dev.flywheel.training.flow;

import java.util.Objects;
import java.util.Optional;

/**
 * The dataset a request trains on.
 *
 * @param datasetId its id
 * @param dataUri its Parquet object
 * @param snapshotEventId the {@code DatasetSnapshot} event, when built for this request (lineage)
 */
public record BuiltDataset(String datasetId, String dataUri, Optional<String> snapshotEventId) {

    /** Checks the parts. */
    public BuiltDataset {
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(dataUri, "dataUri");
        Objects.requireNonNull(snapshotEventId, "snapshotEventId");
    }
}
