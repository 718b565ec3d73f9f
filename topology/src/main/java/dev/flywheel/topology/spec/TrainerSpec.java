package dev.flywheel.topology.spec;

import java.time.Duration;
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

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
