package dev.flywheel.topology.spec;

/**
 * Refuses trainer keys the {@code local} backend cannot honour: it runs the trainer as a child process of the trigger
 * (the {@code training.trainer.command} setting, with the spec's {@code args} and {@code env}), so there is no
 * container, no Kubernetes scheduling and no Kubernetes Secret to read.
 */
final class LocalTrainerRules {

    private final Check check;

    LocalTrainerRules(Check check) {
        this.check = check;
    }

    void ignored(String path, TrainerSpec trainer) {
        String container = "the local backend runs the trainer as a child process, with no container";
        String scheduling = "the local backend runs on this host, with no Kubernetes scheduling";
        refuse(path, "image", trainer.image().isPresent(), container);
        refuse(path, "command", !trainer.command().isEmpty(), "the local backend runs the command of the setting "
                + "training.trainer.command");
        refuse(path, "gpu", trainer.gpu() > 0, "a local process uses whatever GPUs the host has");
        refuse(path, "gpu_resource", !trainer.gpuResource().equals(TrainerSpec.DEFAULT_GPU_RESOURCE), scheduling);
        refuse(path, "cpu", trainer.cpu().isPresent(), container);
        refuse(path, "memory", trainer.memory().isPresent(), container);
        refuse(path, "node_selector", !trainer.nodeSelector().isEmpty(), scheduling);
        refuse(path, "priority_class", trainer.priorityClass().isPresent(), scheduling);
        refuse(path, "queue", trainer.queue().isPresent(), scheduling);
        refuse(path, "backoff_limit", trainer.backoffLimit().isPresent(), "a failed local run is not retried");
        refuse(path, "deadline", trainer.deadline().isPresent(), "a local run has no deadline");
        refuse(path, "ttl_after_finished", trainer.ttlAfterFinished().isPresent(), "a local run leaves no job to "
                + "delete");
        refuse(path, "runtime", trainer.runtime().isPresent(), "it is the TrainingRuntime of a TrainJob");
        refuse(path, "secrets", !trainer.secrets().isEmpty(), "a local process cannot read Kubernetes Secrets: pass "
                + "the value through the environment of the Flywheel process or 'env'");
    }

    private void refuse(String path, String key, boolean given, String why) {
        if (given) {
            check.problem(path + "." + key, "'" + key + "' does nothing with the local backend (" + why + "): remove "
                    + "it, or choose backend " + TrainerRules.kubernetesBackends());
        }
    }
}
