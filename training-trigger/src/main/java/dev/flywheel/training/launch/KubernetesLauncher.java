package dev.flywheel.training.launch;

import dev.flywheel.schemas.events.TrainingState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs as one kind of Kubernetes resource: batch/v1 Job, TrainJob, PyTorchJob or Katib Experiment. Creating a
 * resource that exists (409) attaches to it; every call goes through the {@link KubernetesErrorHandler}.
 */
public final class KubernetesLauncher implements Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesLauncher.class);

    /** One kind of resource: its API, manifest and status reading. */
    public enum Kind {
        /** batch/v1 Job. */
        JOB("job", "batch", "v1", "jobs", "Job", Manifests::jobResource, JobStatuses::job),
        /** Kubeflow Trainer v2 TrainJob. */
        TRAINJOB("trainjob", "trainer.kubeflow.org", "v1alpha1", "trainjobs", "TrainJob", CustomResources::trainJob,
                JobStatuses::trainJob),
        /** Kubeflow PyTorchJob v1. */
        PYTORCHJOB("pytorchjob", "kubeflow.org", "v1", "pytorchjobs", "PyTorchJob", CustomResources::pyTorchJob,
                JobStatuses::kubeflow),
        /** Katib Experiment v1beta1. */
        KATIB("katib", "kubeflow.org", "v1beta1", "experiments", "Experiment", CustomResources::experiment,
                JobStatuses::kubeflow);

        private final String backend;
        private final ResourceDefinitionContext context;
        private final BiFunction<LaunchRequest, KubernetesSettings, GenericKubernetesResource> manifest;
        private final Function<GenericKubernetesResource, JobObservation> status;

        Kind(String backend, String group, String version, String plural, String kind,
             BiFunction<LaunchRequest, KubernetesSettings, GenericKubernetesResource> manifest,
             Function<GenericKubernetesResource, JobObservation> status) {
            this.backend = backend;
            this.context = new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version)
                    .withPlural(plural).withKind(kind).withNamespaced(true).build();
            this.manifest = manifest;
            this.status = status;
        }

        /** The backend name. */
        public String backend() {
            return backend;
        }

        /** The manifest of a request. */
        public GenericKubernetesResource manifest(LaunchRequest request, KubernetesSettings settings) {
            return manifest.apply(request, settings);
        }
    }

    private final Kind kind;
    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final KubernetesErrorHandler errors;

    /**
     * Creates the launcher. The client is shared and closed by its owner.
     *
     * @param kind the resource kind
     * @param client the Kubernetes client
     * @param settings namespace and defaults
     * @param errors the boundary's error handler
     */
    public KubernetesLauncher(Kind kind, KubernetesClient client, KubernetesSettings settings, KubernetesErrorHandler errors) {
        this.kind = kind;
        this.client = client;
        this.settings = settings;
        this.errors = errors;
    }

    @Override
    public String backend() {
        return kind.backend;
    }

    @Override
    public JobObservation launch(LaunchRequest request) {
        GenericKubernetesResource manifest = kind.manifest(request, settings);
        String what = "creating " + kind.context.getKind() + " " + request.jobName();
        GenericKubernetesResource created = errors.call(what, () -> {
            try {
                return resources().resource(manifest).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                LOG.info("{} {} exists: attaching to it", kind.context.getKind(), request.jobName());
                return resources().withName(request.jobName()).get();
            }
        });
        if (created == null) {
            throw new LaunchException(what + ": it existed, then vanished before it could be read", null);
        }
        return observation(request, created);
    }

    @Override
    public JobObservation observe(LaunchRequest request) {
        GenericKubernetesResource current = errors.call("reading " + kind.context.getKind() + " " + request.jobName(),
                () -> resources().withName(request.jobName()).get());
        if (current == null) {
            return JobObservation.failed(kind.context.getKind() + " " + request.jobName() + " not found (deleted?)");
        }
        return observation(request, current);
    }

    @Override
    public void cancel(LaunchRequest request) {
        errors.call("deleting " + kind.context.getKind() + " " + request.jobName(),
                () -> resources().withName(request.jobName()).delete());
    }

    private JobObservation observation(LaunchRequest request, GenericKubernetesResource resource) {
        JobObservation observed = kind.status.apply(resource);
        if (kind != Kind.KATIB) {
            return observed.state() == TrainingState.SUCCEEDED ? withOutput(observed, request.outputUri(), Map.of())
                    : observed;
        }
        if (observed.state() != TrainingState.SUCCEEDED) {
            return observed;
        }
        Optional<Map.Entry<String, Map<String, String>>> best = JobStatuses.bestTrial(resource);
        if (best.isEmpty()) {
            return JobObservation.failed("Experiment " + request.jobName() + " succeeded without a best trial");
        }
        String trialOutput = request.outputUri().replaceAll("/+$", "") + "/" + CustomResources.TRIALS + "/"
                + best.get().getKey();
        return withOutput(observed, trialOutput, best.get().getValue());
    }

    private static JobObservation withOutput(JobObservation observed, String output, Map<String, String> parameters) {
        return new JobObservation(observed.state(), observed.reason(), observed.startedAt(), observed.finishedAt(),
                Optional.of(output), parameters);
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> resources() {
        return client.genericKubernetesResources(kind.context).inNamespace(settings.namespace());
    }

    @Override
    public void close() {
        // the client belongs to whoever made it
    }
}
