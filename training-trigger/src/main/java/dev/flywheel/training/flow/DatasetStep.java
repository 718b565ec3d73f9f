package dev.flywheel.training.flow;

import dev.flywheel.schemas.events.TrainingRequested;

/** Builds (or finds) the dataset of a request. */
public interface DatasetStep {

    /**
     * Builds the point-in-time dataset of a request; the same request over the same inputs gives the same dataset.
     *
     * @param request the request (features, label, time range, or an existing dataset id)
     * @return the dataset
     */
    BuiltDataset build(TrainingRequested request);

    /**
     * An existing dataset, by id (a request naming one, or a job resumed after its dataset was built).
     *
     * @param datasetId the id
     * @return the dataset
     */
    BuiltDataset existing(String datasetId);
}
