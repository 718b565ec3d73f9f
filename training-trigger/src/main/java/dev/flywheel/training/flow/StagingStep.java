package dev.flywheel.training.flow;

import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.training.launch.StagedDataset;
import java.util.Optional;

/**
 * Copies a built dataset to where the trainer reads it, between the dataset build and the launch. Nothing is copied
 * unless the deployment asks for it ({@link #none()}); with AWS DataSync configured the dataset goes to EFS.
 */
public interface StagingStep {

    /**
     * Stages a request's dataset.
     *
     * @param request the request
     * @param dataset its built dataset
     * @return the staged copy the trainer reads instead, or empty when nothing is staged
     * @throws StagingException when the copy failed for good (the request fails with its message)
     * @throws InterruptedException when the trigger closes meanwhile (the request resumes after a restart)
     */
    Optional<StagedDataset> stage(TrainingRequested request, BuiltDataset dataset) throws InterruptedException;

    /** The default: nothing staged, the trainer reads the dataset's own URI. */
    static StagingStep none() {
        return (request, dataset) -> Optional.empty();
    }
}
