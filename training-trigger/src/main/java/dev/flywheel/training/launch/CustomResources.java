package dev.flywheel.training.launch;

import dev.flywheel.topology.spec.ParameterSpec;
import dev.flywheel.topology.spec.Scale;
import dev.flywheel.topology.spec.TrainerSpec;
import dev.flywheel.topology.spec.TuningSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Kubeflow manifests (FACTS.md, "Kubernetes training resources"): Trainer v2 {@code TrainJob}
 * ({@code trainer.kubeflow.org/v1alpha1}, pinned: the API is alpha), {@code PyTorchJob} ({@code kubeflow.org/v1}) and
 * the Katib {@code Experiment} ({@code kubeflow.org/v1beta1}).
 */
public final class CustomResources {

    /** The TrainJob API version. */
    public static final String TRAINJOB_API = "trainer.kubeflow.org/v1alpha1";
    /** The PyTorchJob API version. */
    public static final String PYTORCHJOB_API = "kubeflow.org/v1";
    /** The Katib API version. */
    public static final String KATIB_API = "kubeflow.org/v1beta1";
    /** Where each Katib trial writes, under the request's output folder ({@code ${trialSpec.Name}} is Katib's). */
    public static final String TRIALS = "trials";

    private CustomResources() {
    }

    /** A Trainer v2 TrainJob on the spec's runtime; scheduling through {@code podSpecOverrides} of the node job. */
    public static GenericKubernetesResource trainJob(LaunchRequest request, KubernetesSettings settings) {
        TrainerSpec trainer = request.model().trainer();
        Map<String, Object> container = Manifests.map(Manifests.container(request, Manifests.CONTAINER, List.of(),
                request.outputUri()));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("runtimeRef", Map.of("name", trainer.runtime().orElseThrow(() -> new IllegalArgumentException(
                "model " + request.model().name() + ": a trainjob needs trainer.runtime"))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image", container.get("image"));
        copy(container, body, "command", "args", "env");
        body.put("numNodes", trainer.nodes());
        if (container.get("resources") instanceof Map<?, ?> resources && !resources.isEmpty()) {
            body.put("resourcesPerNode", resources);
        }
        spec.put("trainer", body);
        trainer.deadline().ifPresent(d -> spec.put("activeDeadlineSeconds", d.toSeconds()));
        if (trainer.queue().isPresent()) {
            spec.put("suspend", true);
        }
        PodSpec pod = Manifests.podSpec(request, settings, Manifests.CONTAINER, "Never", List.of(), request.outputUri());
        Map<String, Object> override = new LinkedHashMap<>();
        override.put("targetJobs", List.of(Map.of("name", "node")));
        Map<String, Object> podMap = Manifests.map(pod);
        copy(podMap, override, "serviceAccountName", "nodeSelector", "tolerations", "volumes");
        // the runtimes' trainer container is named like their "node" job (torch-distributed, deepspeed, ...)
        Manifests.datasetMount(request).ifPresent(mount -> override.put("containers", List.of(Map.of(
                "name", "node", "volumeMounts", List.of(Manifests.map(mount))))));
        if (override.size() > 1) {
            spec.put("podSpecOverrides", List.of(override));
        }
        return Manifests.resource(TRAINJOB_API, "TrainJob", request, settings, spec);
    }

    /** A PyTorchJob: one Master, {@code nodes - 1} Workers, the container named {@code pytorch} as the operator wants. */
    public static GenericKubernetesResource pyTorchJob(LaunchRequest request, KubernetesSettings settings) {
        TrainerSpec trainer = request.model().trainer();
        Map<String, Object> replicas = new LinkedHashMap<>();
        replicas.put("Master", replica(request, settings, 1));
        if (trainer.nodes() > 1) {
            replicas.put("Worker", replica(request, settings, trainer.nodes() - 1));
        }
        Map<String, Object> runPolicy = new LinkedHashMap<>();
        runPolicy.put("cleanPodPolicy", "None");
        runPolicy.put("backoffLimit", trainer.backoffLimit().orElse(settings.backoffLimit()));
        runPolicy.put("ttlSecondsAfterFinished", trainer.ttlAfterFinished().orElse(settings.ttlAfterFinished()).toSeconds());
        trainer.deadline().ifPresent(d -> runPolicy.put("activeDeadlineSeconds", d.toSeconds()));
        Map<String, Object> scheduling = new LinkedHashMap<>();
        trainer.queue().ifPresent(q -> scheduling.put("queue", q));
        trainer.priorityClass().ifPresent(p -> scheduling.put("priorityClass", p));
        if (!scheduling.isEmpty()) {
            runPolicy.put("schedulingPolicy", scheduling);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("runPolicy", runPolicy);
        spec.put("pytorchReplicaSpecs", replicas);
        return Manifests.resource(PYTORCHJOB_API, "PyTorchJob", request, settings, spec);
    }

    private static Map<String, Object> replica(LaunchRequest request, KubernetesSettings settings, int count) {
        Map<String, Object> replica = new LinkedHashMap<>();
        replica.put("replicas", count);
        replica.put("restartPolicy", "OnFailure");
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("metadata", Map.of("labels", Manifests.labels(request)));
        template.put("spec", Manifests.map(Manifests.podSpec(request, settings, "pytorch", "OnFailure", List.of(),
                request.outputUri())));
        replica.put("template", template);
        return replica;
    }

    /**
     * A Katib Experiment: the spec's objective, algorithm, parameters and trial counts; StdOut metrics (the trainer
     * prints {@code name=value}); each trial a batch/v1 Job running the trainer with {@code --param name=value} and its
     * own output folder {@code <output>/trials/<trial name>}.
     */
    public static GenericKubernetesResource experiment(LaunchRequest request, KubernetesSettings settings) {
        TuningSpec tuning = request.model().tuning().orElseThrow(() -> new IllegalArgumentException(
                "model " + request.model().name() + " has no tuning"));
        List<String> extraArgs = new ArrayList<>();
        List<Map<String, Object>> trialParameters = new ArrayList<>();
        for (ParameterSpec parameter : tuning.parameters()) {
            extraArgs.add("--param");
            extraArgs.add(parameter.name() + "=${trialParameters." + parameter.name() + "}");
            trialParameters.add(Map.of("name", parameter.name(), "reference", parameter.name(),
                    "description", "tuned " + parameter.type().yamlName()));
        }
        String trialOutput = request.outputUri().replaceAll("/+$", "") + "/" + TRIALS + "/${trialSpec.Name}";
        Job trialJob = new JobBuilder().withApiVersion("batch/v1").withKind("Job").withNewSpec()
                .withBackoffLimit(0).withPodFailurePolicy(Manifests.podFailurePolicy())
                .withNewTemplate().withNewMetadata().withLabels(Manifests.labels(request)).endMetadata()
                .withSpec(Manifests.podSpec(request, settings, Manifests.CONTAINER, "Never", extraArgs, trialOutput))
                .endTemplate().endSpec().build();
        Map<String, Object> trialSpec = Manifests.map(trialJob);
        Map<String, Object> objective = new LinkedHashMap<>();
        objective.put("type", tuning.goal().yamlName());
        objective.put("objectiveMetricName", tuning.metric());
        List<String> others = new ArrayList<>(List.of("auc", "logloss", "rmse"));
        others.remove(tuning.metric());
        objective.put("additionalMetricNames", others);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("objective", objective);
        spec.put("algorithm", Map.of("algorithmName", tuning.algorithm().yamlName()));
        spec.put("parallelTrialCount", Math.min(tuning.parallel(), tuning.maxTrials()));
        spec.put("maxTrialCount", tuning.maxTrials());
        tuning.maxFailed().ifPresent(n -> spec.put("maxFailedTrialCount", n));
        spec.put("parameters", tuning.parameters().stream().map(CustomResources::parameter).toList());
        spec.put("metricsCollectorSpec", Map.of("collector", Map.of("kind", "StdOut")));
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("primaryContainerName", Manifests.CONTAINER);
        template.put("trialParameters", trialParameters);
        template.put("trialSpec", trialSpec);
        spec.put("trialTemplate", template);
        return Manifests.resource(KATIB_API, "Experiment", request, settings, spec);
    }

    private static Map<String, Object> parameter(ParameterSpec parameter) {
        Map<String, Object> space = new LinkedHashMap<>();
        parameter.min().ifPresent(v -> space.put("min", text(v, parameter)));
        parameter.max().ifPresent(v -> space.put("max", text(v, parameter)));
        parameter.step().ifPresent(v -> space.put("step", text(v, parameter)));
        if (!parameter.values().isEmpty()) {
            space.put("list", parameter.values());
        }
        if (parameter.min().isPresent()) {
            space.put("distribution", parameter.scale() == Scale.LOG ? "logUniform" : "uniform");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", parameter.name());
        out.put("parameterType", parameter.type().yamlName());
        out.put("feasibleSpace", space);
        return out;
    }

    /** Katib wants every bound as a string; ints without a decimal point. */
    private static String text(double value, ParameterSpec parameter) {
        return parameter.type() == dev.flywheel.topology.spec.ParameterType.INT ? Long.toString((long) value)
                : Double.toString(value).toLowerCase(Locale.ROOT);
    }

    private static void copy(Map<String, Object> from, Map<String, Object> to, String... keys) {
        for (String key : keys) {
            Object value = from.get(key);
            if (value != null && !(value instanceof List<?> list && list.isEmpty())
                    && !(value instanceof Map<?, ?> map && map.isEmpty())) {
                to.put(key, value);
            }
        }
    }
}
