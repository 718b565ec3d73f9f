package dev.flywheel.topology.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a model's training job runs.
 *
 * @param backend where it runs
 * @param image the container image (required on Kubernetes)
 * @param command the command, overriding the image's entry point; empty for the default
 * @param args the arguments
 * @param gpu GPUs per node
 * @param gpuResource the Kubernetes GPU resource name, for example {@code nvidia.com/mig-1g.10gb}
 * @param cpu CPU request per node, in Kubernetes quantity syntax
 * @param memory memory request per node, in Kubernetes quantity syntax
 * @param nodes number of nodes (more than one needs a multi-node backend)
 * @param nodeSelector node labels the job must run on
 * @param priorityClass the Kubernetes priority class
 * @param queue the Kueue local queue
 * @param backoffLimit retries of a failed pod
 * @param deadline the longest a job may run
 * @param ttlAfterFinished how long a finished job is kept
 * @param runtime the Trainer v2 runtime ({@code runtimeRef}); required for {@code trainjob}
 * @param env plain environment variables
 * @param secrets environment variables taken from Kubernetes Secrets
 */
public record TrainerSpec(TrainerBackend backend, Optional<String> image, List<String> command, List<String> args,
                          int gpu, String gpuResource, Optional<String> cpu, Optional<String> memory, int nodes,
                          Map<String, String> nodeSelector, Optional<String> priorityClass, Optional<String> queue,
                          OptionalInt backoffLimit, Optional<Duration> deadline, Optional<Duration> ttlAfterFinished,
                          Optional<String> runtime, Map<String, String> env, Map<String, SecretRef> secrets) {

    /** The GPU resource name when a spec does not say. */
    public static final String DEFAULT_GPU_RESOURCE = "nvidia.com/gpu";

    /** The trainer of a spec that says nothing: a local process, no GPU. */
    public static final TrainerSpec DEFAULT = new TrainerSpec(TrainerBackend.LOCAL, Optional.empty(), List.of(),
            List.of(), 0, DEFAULT_GPU_RESOURCE, Optional.empty(), Optional.empty(), 1, Map.of(), Optional.empty(),
            Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
            Map.of());

    /** Checks the parts are present and copies the collections, keeping map order. */
    public TrainerSpec {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(gpuResource, "gpuResource");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(priorityClass, "priorityClass");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(backoffLimit, "backoffLimit");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(ttlAfterFinished, "ttlAfterFinished");
        Objects.requireNonNull(runtime, "runtime");
        command = List.copyOf(command);
        args = List.copyOf(args);
        nodeSelector = ordered(nodeSelector);
        env = ordered(env);
        secrets = ordered(secrets);
    }

    /**
     * The keys of this trainer, as {@code flywheel.yaml} spells them, that only the Kubernetes backends use: the
     * {@code local} backend runs the trainer as a child process of the trigger on this host (the command of the
     * setting {@code training.trainer.command}, with {@code args} and {@code env}) and ignores them, so that one spec
     * can switch its backend between local development and production.
     *
     * @return the keys that are set, in the order of this record's components
     */
    public List<String> kubernetesOnlyKeys() {
        List<String> keys = new ArrayList<>();
        add(keys, "image", image.isPresent());
        add(keys, "command", !command.isEmpty());
        add(keys, "gpu", gpu > 0);
        add(keys, "gpu_resource", !gpuResource.equals(DEFAULT_GPU_RESOURCE));
        add(keys, "cpu", cpu.isPresent());
        add(keys, "memory", memory.isPresent());
        add(keys, "nodes", nodes > 1);
        add(keys, "node_selector", !nodeSelector.isEmpty());
        add(keys, "priority_class", priorityClass.isPresent());
        add(keys, "queue", queue.isPresent());
        add(keys, "backoff_limit", backoffLimit.isPresent());
        add(keys, "deadline", deadline.isPresent());
        add(keys, "ttl_after_finished", ttlAfterFinished.isPresent());
        add(keys, "runtime", runtime.isPresent());
        add(keys, "secrets", !secrets.isEmpty());
        return List.copyOf(keys);
    }

    private static void add(List<String> keys, String key, boolean set) {
        if (set) {
            keys.add(key);
        }
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
