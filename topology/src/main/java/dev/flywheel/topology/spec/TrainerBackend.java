package dev.flywheel.topology.spec;

import java.util.Locale;

/** Where a model's training job runs. */
public enum TrainerBackend implements SpecEnum {
    /** A child process on the Flywheel host (the embedded default). */
    LOCAL,
    /** A Kubernetes batch/v1 Job. */
    JOB,
    /** A Kubeflow Trainer v2 TrainJob. */
    TRAINJOB,
    /** A Kubeflow PyTorchJob (v1). */
    PYTORCHJOB;

    @Override
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns whether jobs of this backend run on Kubernetes (and so need an image). */
    public boolean onKubernetes() {
        return this != LOCAL;
    }

    /** Returns whether this backend can spread one job over several nodes. */
    public boolean multiNode() {
        return this == TRAINJOB || this == PYTORCHJOB;
    }
}
