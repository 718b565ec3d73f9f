package dev.flywheel.features.dataset;

import dev.flywheel.schemas.events.DatasetSnapshot;

/**
 * A built dataset.
 *
 * @param datasetId content hash of the spec and the inputs
 * @param dataUri the Parquet object
 * @param manifestUri the manifest
 * @param rowCount rows (one per entity row)
 * @param snapshot the event emitted for it
 */
public record DatasetResult(String datasetId, String dataUri, String manifestUri, long rowCount, DatasetSnapshot snapshot) {
}
