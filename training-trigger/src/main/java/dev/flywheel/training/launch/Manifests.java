package dev.flywheel.training.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.topology.spec.SecretRef;
import dev.flywheel.topology.spec.TrainerSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The manifests of a request, pure functions of it and the settings. Shared by all Kubernetes backends: labels, the
 * trainer container (inputs in the environment, secrets only as {@code secretKeyRef}s), GPU limits and tolerations.
 */
public final class Manifests {

    /** The trainer container's name (the Katib primary container). */
    public static final String CONTAINER = "trainer";
    /** The Kueue queue label. */
    public static final String QUEUE_LABEL = "kueue.x-k8s.io/queue-name";
    /** The label holding the request id (as a label value). */
    public static final String REQUEST_LABEL = "flywheel.dev/request";
    /** The annotation holding the exact request id. */
    public static final String REQUEST_ANNOTATION = "flywheel.dev/request-id";
    /** The volume of a staged dataset's file system (EFS through its PersistentVolumeClaim). */
    public static final String DATASETS_VOLUME = "flywheel-datasets";
    /** The trainer's exit code for bad input: the pod failure policy fails the job at once on it. */
    public static final int BAD_INPUT_EXIT_CODE = 2;

    static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    /** The labels of the job and its pods. */
    public static Map<String, String> labels(LaunchRequest request) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "flywheel-trainer");
        labels.put("app.kubernetes.io/managed-by", "flywheel");
        labels.put("flywheel.dev/model", JobNames.label(request.model().name()));
        labels.put(REQUEST_LABEL, JobNames.label(request.requestId()));
        request.model().trainer().queue().ifPresent(queue -> labels.put(QUEUE_LABEL, queue));
        return labels;
    }

    /**
     * A batch/v1 Job: {@code restartPolicy: Never} (needed by {@code podFailurePolicy}), which fails the job at once
     * on the trainer's bad-input exit code and does not count pods evicted by preemption or drain
     * ({@code DisruptionTarget}) against {@code backoffLimit}. With a Kueue queue it is created suspended, for Kueue to
     * admit.
     */
    public static Job job(LaunchRequest request, KubernetesSettings settings) {
        TrainerSpec trainer = request.model().trainer();
        return new JobBuilder().withNewMetadata().withName(request.jobName()).withNamespace(settings.namespace())
                .withLabels(labels(request)).withAnnotations(Map.of(REQUEST_ANNOTATION, request.requestId())).endMetadata()
                .withNewSpec()
                .withBackoffLimit(trainer.backoffLimit().orElse(settings.backoffLimit()))
                .withActiveDeadlineSeconds(trainer.deadline().map(d -> d.toSeconds()).orElse(null))
                .withTtlSecondsAfterFinished((int) trainer.ttlAfterFinished().orElse(settings.ttlAfterFinished()).toSeconds())
                .withSuspend(trainer.queue().isPresent() ? Boolean.TRUE : null)
                .withPodFailurePolicy(podFailurePolicy())
                .withNewTemplate().withNewMetadata().withLabels(labels(request)).endMetadata()
                .withSpec(podSpec(request, settings, CONTAINER, "Never", List.of(), request.outputUri()))
                .endTemplate().endSpec().build();
    }

    /** The Job as the generic resource the launcher creates. */
    static GenericKubernetesResource jobResource(LaunchRequest request, KubernetesSettings settings) {
        GenericKubernetesResource resource = generic(job(request, settings));
        resource.setApiVersion("batch/v1");
        resource.setKind("Job");
        return resource;
    }

    static PodFailurePolicy podFailurePolicy() {
        return new PodFailurePolicyBuilder()
                .addNewRule().withAction("FailJob").withNewOnExitCodes().withContainerName(CONTAINER).withOperator("In")
                .withValues(BAD_INPUT_EXIT_CODE).endOnExitCodes().endRule()
                .addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget").withStatus("True")
                .endOnPodCondition().endRule().build();
    }

    /** The pod of a job: the trainer container, scheduling (GPU tolerations, node selector, priority class). */
    static PodSpec podSpec(LaunchRequest request, KubernetesSettings settings, String containerName, String restartPolicy,
                           List<String> extraArgs, String outputUri) {
        TrainerSpec trainer = request.model().trainer();
        List<Toleration> tolerations = new ArrayList<>();
        if (trainer.gpu() > 0) {
            // The key stays nvidia.com/gpu even for a MIG or shared gpu_resource: GPU nodes, MIG-partitioned ones
            // included, are tainted with that key (GKE: nvidia.com/gpu=present:NoSchedule; the NVIDIA GPU operator
            // adds no taint of its own and its operands tolerate nvidia.com/gpu). A cluster that taints by resource
            // name instead is served by Kubernetes' ExtendedResourceToleration admission plugin, which adds a
            // toleration for each extended resource a pod requests.
            tolerations.add(new TolerationBuilder().withKey(TrainerSpec.DEFAULT_GPU_RESOURCE).withOperator("Exists")
                    .withEffect("NoSchedule").build());
        }
        return new PodSpecBuilder().withRestartPolicy(restartPolicy)
                .withServiceAccountName(settings.serviceAccount().orElse(null))
                .withPriorityClassName(trainer.priorityClass().orElse(null))
                .withNodeSelector(trainer.nodeSelector().isEmpty() ? null : trainer.nodeSelector())
                .withTolerations(tolerations)
                .withVolumes(datasetVolume(request).stream().toList())
                .withContainers(container(request, containerName, extraArgs, outputUri)).build();
    }

    static Container container(LaunchRequest request, String name, List<String> extraArgs, String outputUri) {
        TrainerSpec trainer = request.model().trainer();
        List<String> args = new ArrayList<>(trainer.args());
        args.addAll(extraArgs);
        return new ContainerBuilder().withName(name).withImage(trainer.image().orElseThrow(() ->
                        new IllegalArgumentException("model " + request.model().name() + " has no trainer image")))
                .withCommand(trainer.command().isEmpty() ? null : trainer.command()).withArgs(args.isEmpty() ? null : args)
                .withEnv(env(request, outputUri)).withResources(resources(trainer))
                .withVolumeMounts(datasetMount(request).stream().toList()).build();
    }

    /** The staged dataset's file system as a read-only volume, when it was staged with a claim. */
    static Optional<Volume> datasetVolume(LaunchRequest request) {
        return request.staged().flatMap(StagedDataset::claimName).map(claim -> new VolumeBuilder()
                .withName(DATASETS_VOLUME).withNewPersistentVolumeClaim(claim, true).build());
    }

    /** Where the trainer container sees the staged dataset's file system. */
    static Optional<VolumeMount> datasetMount(LaunchRequest request) {
        return request.staged().filter(staged -> staged.claimName().isPresent()).map(staged -> new VolumeMountBuilder()
                .withName(DATASETS_VOLUME).withMountPath(staged.mountPath()).withReadOnly(true).build());
    }

    /** Inputs and plain variables by value; secrets only by reference. */
    static List<EnvVar> env(LaunchRequest request, String outputUri) {
        List<EnvVar> env = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>(request.trainerEnv());
        values.put("FLYWHEEL_OUTPUT_URI", outputUri);
        values.forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        request.model().trainer().env().forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        for (Map.Entry<String, SecretRef> secret : request.model().trainer().secrets().entrySet()) {
            env.add(new EnvVarBuilder().withName(secret.getKey()).withNewValueFrom().withNewSecretKeyRef()
                    .withName(secret.getValue().secret()).withKey(secret.getValue().key()).endSecretKeyRef()
                    .endValueFrom().build());
        }
        return env;
    }

    /** GPU in limits only (the scheduler copies it to requests); CPU and memory requested, memory also limited. */
    static ResourceRequirements resources(TrainerSpec trainer) {
        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
        if (trainer.gpu() > 0) {
            resources.addToLimits(trainer.gpuResource(), new Quantity(Integer.toString(trainer.gpu())));
        }
        trainer.cpu().ifPresent(cpu -> resources.addToRequests("cpu", new Quantity(cpu)));
        trainer.memory().ifPresent(memory -> {
            resources.addToRequests("memory", new Quantity(memory));
            resources.addToLimits("memory", new Quantity(memory));
        });
        return resources.build();
    }

    /** A typed object as the generic resource the launchers create. */
    static GenericKubernetesResource generic(Object typed) {
        return JSON.convertValue(typed, GenericKubernetesResource.class);
    }

    /** A typed object as plain maps and lists, for embedding in a custom resource. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object typed) {
        return JSON.convertValue(typed, Map.class);
    }

    /** A custom resource with the standard metadata. */
    static GenericKubernetesResource resource(String apiVersion, String kind, LaunchRequest request,
                                              KubernetesSettings settings, Map<String, Object> spec) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion(apiVersion);
        resource.setKind(kind);
        resource.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(request.jobName())
                .withNamespace(settings.namespace()).withLabels(labels(request))
                .withAnnotations(Map.of(REQUEST_ANNOTATION, request.requestId())).build());
        resource.setAdditionalProperty("spec", spec);
        return resource;
    }
}
