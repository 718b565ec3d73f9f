package dev.flywheel.training.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.events.TrainingState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes launchers against fabric8's mock API server in CRUD mode (it stores what is created and serves it
 * back; expectations, where set, answer first). A real API server cannot run on the build machines (no Docker, no
 * kind), so these tests check the manifests field by field, the status transitions as the controllers would write
 * them, attach-on-conflict, and the error handler's retries (5xx) and refusals (403, 422).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesLauncherMockApiServerTest {

    private static final String NS = "training";
    private static final ResourceDefinitionContext JOBS = new ResourceDefinitionContext.Builder().withGroup("batch")
            .withVersion("v1").withPlural("jobs").withKind("Job").withNamespaced(true).build();

    KubernetesMockServer server;
    KubernetesClient client;
    private final List<Duration> waits = new ArrayList<>();
    private KubernetesSettings settings;

    @BeforeEach
    void settings() {
        // our error handler owns the retries: the client's own (10 by default, on 5xx) are off, as in production
        client = server.createClient(builder -> builder.withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                client.getConfiguration()).withRequestRetryBackoffLimit(0).build()));
        settings = new KubernetesSettings(NS, java.util.Optional.of("flywheel-trainer"), 2, Duration.ofHours(6), 4,
                Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    private KubernetesLauncher launcher(KubernetesLauncher.Kind kind) {
        return new KubernetesLauncher(kind, client, settings, new KubernetesErrorHandler(settings.maxAttempts(),
                settings.initialBackoff(), settings.maxBackoff(), waits::add));
    }

    @Test
    void shouldCreateTheFullJobManifest() {
        // given
        LaunchRequest request = LaunchFixtures.request("fraud_job", "fraud_job-0123456789abcdef");

        // when
        JobObservation observed = launcher(KubernetesLauncher.Kind.JOB).launch(request);

        // then
        assertThat(observed.state()).isEqualTo(TrainingState.SUBMITTED);
        Job job = client.batch().v1().jobs().inNamespace(NS).withName(request.jobName()).get();
        assertThat(job.getMetadata().getName()).isEqualTo("fw-fraud-job-0123456789abcdef-" + job.getMetadata().getName()
                .substring(job.getMetadata().getName().length() - 10));
        assertThat(job.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "team-a")
                .containsEntry("flywheel.dev/model", "fraud-job").containsEntry("app.kubernetes.io/managed-by", "flywheel");
        assertThat(job.getMetadata().getAnnotations()).containsEntry("flywheel.dev/request-id", request.requestId());
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(3);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(7200L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(86400);
        assertThat(job.getSpec().getSuspend()).as("created suspended for Kueue to admit").isTrue();
        assertThat(job.getSpec().getPodFailurePolicy().getRules()).hasSize(2);
        assertThat(job.getSpec().getPodFailurePolicy().getRules().get(0).getAction()).isEqualTo("FailJob");
        assertThat(job.getSpec().getPodFailurePolicy().getRules().get(0).getOnExitCodes().getValues()).containsExactly(2);
        assertThat(job.getSpec().getPodFailurePolicy().getRules().get(1).getOnPodConditions().get(0).getType())
                .isEqualTo("DisruptionTarget");
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getPriorityClassName()).isEqualTo("training-low");
        assertThat(pod.getServiceAccountName()).isEqualTo("flywheel-trainer");
        assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        Container container = pod.getContainers().get(0);
        assertThat(container.getName()).isEqualTo("trainer");
        assertThat(container.getImage()).isEqualTo("ghcr.io/flywheel/trainer:1.0");
        assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("16Gi"));
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("4"))
                .doesNotContainKey("nvidia.com/gpu");
        Map<String, EnvVar> env = new java.util.LinkedHashMap<>();
        container.getEnv().forEach(e -> env.put(e.getName(), e));
        assertThat(env.get("FLYWHEEL_DATASET_URI").getValue()).isEqualTo("s3://flywheel/datasets/d1/data.parquet");
        assertThat(env.get("FLYWHEEL_OUTPUT_URI").getValue()).isEqualTo(request.outputUri());
        assertThat(env.get("FLYWHEEL_LABEL").getValue()).isEqualTo("is_fraud");
        assertThat(env.get("XGB_VERBOSITY").getValue()).isEqualTo("1");
        assertThat(env.get("AWS_ACCESS_KEY_ID").getValue()).as("secrets only by reference").isNull();
        assertThat(env.get("AWS_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-creds");
        assertThat(env.get("AWS_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("access-key");
    }

    @Test
    void shouldMountTheStagedDatasetReadOnlyAndPointTheTrainerAtIt() {
        // given: a dataset staged to EFS by DataSync
        LaunchRequest request = LaunchFixtures.staged("fraud_job", "fraud_job-00000000000000aa");

        // when
        launcher(KubernetesLauncher.Kind.JOB).launch(request);

        // then
        Job job = client.batch().v1().jobs().inNamespace(NS).withName(request.jobName()).get();
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo(Manifests.DATASETS_VOLUME);
            assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("efs-datasets");
            assertThat(volume.getPersistentVolumeClaim().getReadOnly()).isTrue();
        });
        Container trainer = pod.getContainers().get(0);
        assertThat(trainer.getVolumeMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getName()).isEqualTo(Manifests.DATASETS_VOLUME);
            assertThat(mount.getMountPath()).isEqualTo("/mnt/datasets");
            assertThat(mount.getReadOnly()).isTrue();
        });
        assertThat(trainer.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("FLYWHEEL_DATASET_URI",
                                "file:/mnt/datasets/datasets/d1/data.parquet"),
                        org.assertj.core.groups.Tuple.tuple("FLYWHEEL_DATASET_SOURCE_URI",
                                "s3://flywheel/datasets/d1/data.parquet"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldMountTheStagedDatasetInATrainJobThroughItsPodSpecOverride() {
        LaunchRequest request = LaunchFixtures.staged("fraud_trainjob", "fraud_trainjob-00000000000000bb");

        GenericKubernetesResource trainJob = KubernetesLauncher.Kind.TRAINJOB.manifest(request, settings);

        Map<String, Object> spec = (Map<String, Object>) trainJob.getAdditionalProperties().get("spec");
        Map<String, Object> override = ((List<Map<String, Object>>) spec.get("podSpecOverrides")).get(0);
        assertThat(override.get("volumes")).asList().singleElement().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("name", Manifests.DATASETS_VOLUME)
                .containsEntry("persistentVolumeClaim", Map.of("claimName", "efs-datasets", "readOnly", true));
        assertThat(override.get("containers")).isEqualTo(List.of(Map.of("name", "node", "volumeMounts", List.of(
                Map.of("mountPath", "/mnt/datasets", "name", Manifests.DATASETS_VOLUME, "readOnly", true)))));
    }

    @Test
    void shouldFollowTheJobFromSubmittedToRunningToSucceeded() {
        LaunchRequest request = LaunchFixtures.request("fraud_job", "fraud_job-1");
        KubernetesLauncher launcher = launcher(KubernetesLauncher.Kind.JOB);
        assertThat(launcher.launch(request).state()).isEqualTo(TrainingState.SUBMITTED);

        setStatus(JOBS, request.jobName(), Map.of("conditions", List.of(condition("Suspended", "JobSuspended",
                "queued by Kueue"))));
        assertThat(launcher.observe(request).state()).isEqualTo(TrainingState.SUBMITTED);
        setStatus(JOBS, request.jobName(), Map.of("active", 1, "startTime", "2026-05-01T12:00:00Z"));
        assertThat(launcher.observe(request).state()).isEqualTo(TrainingState.RUNNING);
        setStatus(JOBS, request.jobName(), Map.of("startTime", "2026-05-01T12:00:00Z",
                "completionTime", "2026-05-01T12:10:00Z", "conditions", List.of(condition("Complete", null, null))));

        JobObservation done = launcher.observe(request);
        assertThat(done.state()).isEqualTo(TrainingState.SUCCEEDED);
        assertThat(done.outputUri()).contains(request.outputUri());
        assertThat(done.finishedAt()).contains(java.time.Instant.parse("2026-05-01T12:10:00Z"));
    }

    @Test
    void shouldReportAFailedJobWithItsConditionReason() {
        LaunchRequest request = LaunchFixtures.request("fraud_job", "fraud_job-2");
        KubernetesLauncher launcher = launcher(KubernetesLauncher.Kind.JOB);
        launcher.launch(request);

        setStatus(JOBS, request.jobName(), Map.of("conditions", List.of(condition("Failed", "BackoffLimitExceeded",
                "Job has reached the specified backoff limit"))));

        JobObservation failed = launcher.observe(request);
        assertThat(failed.state()).isEqualTo(TrainingState.FAILED);
        assertThat(failed.reason()).contains("BackoffLimitExceeded: Job has reached the specified backoff limit");
    }

    @Test
    void shouldAttachToTheExistingJobWhenCreatingItConflicts() {
        LaunchRequest request = LaunchFixtures.request("fraud_job", "fraud_job-3");
        KubernetesLauncher launcher = launcher(KubernetesLauncher.Kind.JOB);
        launcher.launch(request);
        setStatus(JOBS, request.jobName(), Map.of("active", 1, "startTime", "2026-05-01T12:00:00Z"));

        JobObservation again = launcher.launch(request);

        assertThat(again.state()).isEqualTo(TrainingState.RUNNING);
        assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldRetryServerErrorsWithBackoffThenCreate() {
        LaunchRequest request = LaunchFixtures.request("fraud_job", "fraud_job-4");
        server.expect().post().withPath("/apis/batch/v1/namespaces/" + NS + "/jobs")
                .andReturn(503, status(503, "etcd leader changed")).times(2);

        JobObservation observed = launcher(KubernetesLauncher.Kind.JOB).launch(request);

        assertThat(observed.state()).isEqualTo(TrainingState.SUBMITTED);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName(request.jobName()).get()).isNotNull();
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptOnPersistentServerErrors() {
        LaunchRequest request = LaunchFixtures.request("fraud_job", "fraud_job-5");
        server.expect().post().withPath("/apis/batch/v1/namespaces/" + NS + "/jobs")
                .andReturn(500, status(500, "internal error")).always();

        assertThatThrownBy(() -> launcher(KubernetesLauncher.Kind.JOB).launch(request))
                .isInstanceOf(LaunchException.class).hasMessageContaining("HTTP 500 creating Job " + request.jobName())
                .hasMessageContaining("gave up after 4 attempts");
        assertThat(waits).hasSize(3);
    }

    @Test
    void shouldFailAtOnceWithTheStatusOnForbiddenOrUnprocessable() {
        LaunchRequest forbidden = LaunchFixtures.request("fraud_job", "fraud_job-6");
        LaunchRequest invalid = LaunchFixtures.request("fraud_job", "fraud_job-7");
        server.expect().post().withPath("/apis/batch/v1/namespaces/" + NS + "/jobs")
                .andReturn(403, status(403, "jobs.batch is forbidden: User cannot create resource")).once();
        KubernetesLauncher launcher = launcher(KubernetesLauncher.Kind.JOB);

        assertThatThrownBy(() -> launcher.launch(forbidden)).isInstanceOf(LaunchException.class)
                .hasMessage("HTTP 403 creating Job " + forbidden.jobName()
                        + ": jobs.batch is forbidden: User cannot create resource");
        server.expect().post().withPath("/apis/batch/v1/namespaces/" + NS + "/jobs")
                .andReturn(422, status(422, "Job.batch is invalid: spec.template.spec.containers[0].image: Required"))
                .once();
        assertThatThrownBy(() -> launcher.launch(invalid)).isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("HTTP 422 creating Job ");
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldCreateATrainJobOnItsRuntimeAndSeeItComplete() {
        LaunchRequest request = LaunchFixtures.request("fraud_trainjob", "fraud_trainjob-1");
        KubernetesLauncher launcher = launcher(KubernetesLauncher.Kind.TRAINJOB);

        assertThat(launcher.launch(request).state()).isEqualTo(TrainingState.SUBMITTED);

        GenericKubernetesResource trainJob = get(KubernetesLauncher.Kind.TRAINJOB, request.jobName());
        assertThat(trainJob.getApiVersion()).isEqualTo("trainer.kubeflow.org/v1alpha1");
        assertThat(trainJob.getKind()).isEqualTo("TrainJob");
        Map<String, Object> spec = map(trainJob.getAdditionalProperties().get("spec"));
        assertThat(spec.get("runtimeRef")).isEqualTo(Map.of("name", "torch-distributed"));
        Map<String, Object> trainer = map(spec.get("trainer"));
        assertThat(trainer.get("image")).isEqualTo("ghcr.io/flywheel/trainer:1.0");
        assertThat(trainer.get("numNodes")).isEqualTo(2);
        assertThat(map(map(trainer.get("resourcesPerNode")).get("limits"))).containsEntry("nvidia.com/gpu", "2");
        assertThat(trainer.get("env").toString()).contains("FLYWHEEL_DATASET_URI", request.datasetUri());
        assertThat(spec.get("podSpecOverrides").toString()).contains("targetJobs", "nvidia.com/gpu", "flywheel-trainer");

        setStatus(ctx(KubernetesLauncher.Kind.TRAINJOB), request.jobName(),
                Map.of("conditions", List.of(condition("Created", "JobsCreationSucceeded", null))));
        assertThat(launcher.observe(request).state()).isEqualTo(TrainingState.RUNNING);
        setStatus(ctx(KubernetesLauncher.Kind.TRAINJOB), request.jobName(),
                Map.of("conditions", List.of(condition("Complete", "JobsCompleted", null))));
        assertThat(launcher.observe(request).state()).isEqualTo(TrainingState.SUCCEEDED);
    }

    @Test
    void shouldCreateAPyTorchJobWithMasterAndWorkersAndFollowItsConditions() {
        LaunchRequest request = LaunchFixtures.request("fraud_pytorch", "fraud_pytorch-1");
        KubernetesLauncher launcher = launcher(KubernetesLauncher.Kind.PYTORCHJOB);
        launcher.launch(request);

        GenericKubernetesResource job = get(KubernetesLauncher.Kind.PYTORCHJOB, request.jobName());
        assertThat(job.getApiVersion()).isEqualTo("kubeflow.org/v1");
        Map<String, Object> spec = map(job.getAdditionalProperties().get("spec"));
        Map<String, Object> replicas = map(spec.get("pytorchReplicaSpecs"));
        assertThat(map(replicas.get("Master")).get("replicas")).isEqualTo(1);
        assertThat(map(replicas.get("Worker")).get("replicas")).isEqualTo(2);
        assertThat(map(replicas.get("Master")).get("restartPolicy")).isEqualTo("OnFailure");
        assertThat(map(replicas.get("Master")).get("template").toString()).contains("name=pytorch", "nvidia.com/gpu=1");
        assertThat(map(map(spec.get("runPolicy")).get("schedulingPolicy"))).containsEntry("queue", "team-a");
        assertThat(map(spec.get("runPolicy"))).containsEntry("backoffLimit", 2).containsEntry("cleanPodPolicy", "None");

        setStatus(ctx(KubernetesLauncher.Kind.PYTORCHJOB), request.jobName(), Map.of("conditions",
                List.of(condition("Created", null, null), condition("Running", null, null))));
        assertThat(launcher.observe(request).state()).isEqualTo(TrainingState.RUNNING);
        setStatus(ctx(KubernetesLauncher.Kind.PYTORCHJOB), request.jobName(), Map.of("conditions",
                List.of(condition("Created", null, null), condition("Failed", "PyTorchJobFailed", "master exited 1"))));
        assertThat(launcher.observe(request).reason()).contains("PyTorchJobFailed: master exited 1");
    }

    @Test
    void shouldCreateAKatibExperimentAndReadTheBestTrial() {
        LaunchRequest request = LaunchFixtures.request("fraud_tuned", "fraud_tuned-1");
        KubernetesLauncher launcher = launcher(KubernetesLauncher.Kind.KATIB);
        launcher.launch(request);

        GenericKubernetesResource experiment = get(KubernetesLauncher.Kind.KATIB, request.jobName());
        assertThat(experiment.getApiVersion()).isEqualTo("kubeflow.org/v1beta1");
        Map<String, Object> spec = map(experiment.getAdditionalProperties().get("spec"));
        assertThat(map(spec.get("objective"))).containsEntry("type", "maximize").containsEntry("objectiveMetricName", "auc");
        assertThat(spec.get("algorithm")).isEqualTo(Map.of("algorithmName", "tpe"));
        assertThat(spec).containsEntry("parallelTrialCount", 3).containsEntry("maxTrialCount", 12);
        assertThat(spec.get("metricsCollectorSpec")).isEqualTo(Map.of("collector", Map.of("kind", "StdOut")));
        assertThat(spec.get("parameters")).isEqualTo(List.of(
                Map.of("name", "eta", "parameterType", "double", "feasibleSpace",
                        Map.of("min", "0.01", "max", "0.3", "distribution", "logUniform")),
                Map.of("name", "max_depth", "parameterType", "int", "feasibleSpace",
                        Map.of("min", "3", "max", "10", "distribution", "uniform"))));
        Map<String, Object> template = map(spec.get("trialTemplate"));
        assertThat(template.get("primaryContainerName")).isEqualTo("trainer");
        assertThat(template.get("trialParameters").toString()).contains("reference=eta", "reference=max_depth");
        String trialSpec = template.get("trialSpec").toString();
        assertThat(trialSpec).contains("kind=Job", "--param, eta=${trialParameters.eta}",
                "max_depth=${trialParameters.max_depth}", request.outputUri() + "/trials/${trialSpec.Name}");

        setStatus(ctx(KubernetesLauncher.Kind.KATIB), request.jobName(), Map.of(
                "conditions", List.of(condition("Created", null, null), condition("Succeeded", "ExperimentGoalReached", null)),
                "currentOptimalTrial", Map.of("bestTrialName", "fw-fraud-tuned-1-x7k2",
                        "parameterAssignments", List.of(Map.of("name", "eta", "value", "0.05"),
                                Map.of("name", "max_depth", "value", "7")),
                        "observation", Map.of("metrics", List.of(Map.of("name", "auc", "latest", "0.93"))))));

        JobObservation done = launcher.observe(request);
        assertThat(done.state()).isEqualTo(TrainingState.SUCCEEDED);
        assertThat(done.outputUri()).contains(request.outputUri() + "/trials/fw-fraud-tuned-1-x7k2");
        assertThat(done.hyperparameters()).containsEntry("eta", "0.05").containsEntry("max_depth", "7");
    }

    @Test
    void shouldReportADeletedJobAsFailed() {
        LaunchRequest request = LaunchFixtures.request("fraud_job", "fraud_job-8");
        KubernetesLauncher launcher = launcher(KubernetesLauncher.Kind.JOB);
        launcher.launch(request);

        launcher.cancel(request);

        assertThat(launcher.observe(request).reason()).hasValueSatisfying(r -> assertThat(r).contains("not found"));
    }

    private static Map<String, Object> condition(String type, String reason, String message) {
        Map<String, Object> condition = new java.util.LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", "True");
        if (reason != null) {
            condition.put("reason", reason);
        }
        if (message != null) {
            condition.put("message", message);
        }
        return condition;
    }

    private static io.fabric8.kubernetes.api.model.Status status(int code, String message) {
        return new StatusBuilder().withCode(code).withMessage(message).withStatus("Failure").build();
    }

    private static ResourceDefinitionContext ctx(KubernetesLauncher.Kind kind) {
        GenericKubernetesResource probe = kind.manifest(LaunchFixtures.request(kind == KubernetesLauncher.Kind.KATIB
                ? "fraud_tuned" : kind == KubernetesLauncher.Kind.TRAINJOB ? "fraud_trainjob" : "fraud_pytorch", "x-1"),
                KubernetesSettings.defaults(NS));
        String[] api = probe.getApiVersion().split("/");
        String plural = probe.getKind().toLowerCase(java.util.Locale.ROOT) + "s";
        return new ResourceDefinitionContext.Builder().withGroup(api[0]).withVersion(api[1]).withPlural(plural)
                .withKind(probe.getKind()).withNamespaced(true).build();
    }

    private GenericKubernetesResource get(KubernetesLauncher.Kind kind, String name) {
        return client.genericKubernetesResources(ctx(kind)).inNamespace(NS).withName(name).get();
    }

    /** Writes a status as the controller would. */
    private void setStatus(ResourceDefinitionContext context, String name, Map<String, Object> status) {
        GenericKubernetesResource current = client.genericKubernetesResources(context).inNamespace(NS).withName(name).get();
        current.setAdditionalProperty("status", status);
        client.genericKubernetesResources(context).inNamespace(NS).resource(current).update();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
