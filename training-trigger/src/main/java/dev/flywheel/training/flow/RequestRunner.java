package dev.flywheel.training.flow;

import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.topology.runtime.Mdc;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.LabelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.training.launch.JobNames;
import dev.flywheel.training.launch.JobObservation;
import dev.flywheel.training.launch.LaunchException;
import dev.flywheel.training.launch.LaunchRequest;
import dev.flywheel.training.launch.Launcher;
import dev.flywheel.training.launch.StagedDataset;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flow of one request, in two parts. {@link #submit} runs on a request thread: dataset, staging (when configured),
 * launch (or attach) and the SUBMITTED status; it hands back the {@link ActiveJob}. {@link #check} looks at that job
 * once, from the {@link JobWatcher} and on no request thread: RUNNING/SUBMITTED changes, then on its end the job's
 * {@code metrics.json} and SUCCEEDED, or FAILED with a reason. Every step is idempotent, so a request resumed after a
 * restart runs the same steps again: the dataset id is the same, the launch attaches, the status events have the same
 * ids.
 */
public final class RequestRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRunner.class);

    private final FlywheelSpec spec;
    private final Map<String, Launcher> launchers;
    private final DatasetStep datasets;
    private final StagingStep staging;
    private final Outputs outputs;
    private final StatusSink sink;
    private final String outputBase;
    private final Clock clock;

    /**
     * Creates the runner.
     *
     * @param spec the models
     * @param launchers by backend name
     * @param datasets builds datasets
     * @param staging stages a built dataset where the trainer reads it ({@link StagingStep#none()} by default)
     * @param outputs reads metrics.json
     * @param sink publishes statuses
     * @param outputBase the folder under which each request's output goes ({@code <base>/<model>/<request id>})
     * @param clock stamps events
     */
    public RequestRunner(FlywheelSpec spec, Map<String, Launcher> launchers, DatasetStep datasets, StagingStep staging,
                         Outputs outputs, StatusSink sink, String outputBase, Clock clock) {
        this.spec = spec;
        this.launchers = Map.copyOf(launchers);
        this.datasets = datasets;
        this.staging = staging;
        this.outputs = outputs;
        this.sink = sink;
        this.outputBase = outputBase.replaceAll("/+$", "");
        this.clock = clock;
    }

    /**
     * Runs a request up to its job's submission: dataset, staging, launch (or attach), SUBMITTED.
     *
     * @param request the request
     * @param last its latest status, when resuming
     * @return the job to watch; empty when the request ended here (its terminal status is published) or was
     *         interrupted (it resumes when the trigger starts again)
     */
    public Optional<ActiveJob> submit(TrainingRequested request, Optional<TrainingJobStatus> last) {
        try (var r = Mdc.put(Mdc.REQUEST, request.getRequestId()); var m = Mdc.put(Mdc.MODEL, request.getModel())) {
            return execute(request, last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("Request {} interrupted: it resumes when the trigger starts again", request.getRequestId());
            return Optional.empty();
        }
    }

    private Optional<ActiveJob> execute(TrainingRequested request, Optional<TrainingJobStatus> last)
            throws InterruptedException {
        String jobName = JobNames.of(request.getRequestId());
        Optional<ModelSpec> model = spec.model(request.getModel());
        Launcher launcher = launchers.get(request.getBackend());
        if (model.isEmpty() || launcher == null) {
            fail(request, jobName, Optional.empty(), model.isEmpty()
                    ? "model " + request.getModel() + " is not in the spec"
                    : "no launcher for backend '" + request.getBackend() + "' (have " + launchers.keySet() + ")");
            return Optional.empty();
        }
        BuiltDataset dataset;
        try {
            Optional<String> known = last.map(TrainingJobStatus::getDatasetId)
                    .or(() -> Optional.ofNullable(request.getDatasetId()));
            dataset = known.isPresent() ? datasets.existing(known.get()) : datasets.build(request);
        } catch (RuntimeException e) {
            LOG.error("Request {}: the dataset could not be built", request.getRequestId(), e);
            fail(request, jobName, Optional.empty(), "dataset build failed: " + e.getMessage());
            return Optional.empty();
        }
        Optional<StagedDataset> staged;
        try {
            // a request resumed after its launch attaches to its job: its dataset was staged before
            staged = last.isPresent() ? Optional.empty() : staging.stage(request, dataset);
        } catch (StagingException e) {
            LOG.error("Request {}: the dataset could not be staged", request.getRequestId(), e);
            fail(request, jobName, Optional.of(dataset), "staging failed: " + e.getMessage());
            return Optional.empty();
        }
        LaunchRequest launch = launchRequest(request, jobName, model.get(), dataset, staged);
        JobObservation observed;
        try {
            observed = launcher.launch(launch);
        } catch (LaunchException e) {
            failUnlessInterrupted(request, jobName, dataset, e);
            return Optional.empty();
        }
        ActiveJob job = new ActiveJob(request, launch, dataset, launcher,
                last.map(TrainingJobStatus::getState).orElse(null));
        if (job.published() == null) {
            publish(StatusEvents.of(request, jobName, Optional.of(dataset), JobObservation.of(TrainingState.SUBMITTED),
                    clock.instant()));
            job.published(TrainingState.SUBMITTED);
        }
        return report(job, observed).isPresent() ? Optional.empty() : Optional.of(job);
    }

    /**
     * Looks at a submitted job once: publishes a change of state, and on its end its terminal status (SUCCEEDED with
     * the job's {@code metrics.json}, or FAILED with a reason). Calls for one job are serialised; once it ended, further
     * calls do nothing.
     *
     * @param job the job
     * @return the terminal status, the one time it is published; empty while the job runs, after it ended, or when
     *         interrupted (the trigger is closing: the request resumes after a restart)
     */
    public Optional<TrainingJobStatus> check(ActiveJob job) {
        TrainingRequested request = job.request();
        synchronized (job) {
            if (job.ended()) {
                return Optional.empty();
            }
            try (var r = Mdc.put(Mdc.REQUEST, request.getRequestId()); var m = Mdc.put(Mdc.MODEL, request.getModel())) {
                JobObservation observed;
                try {
                    observed = job.launcher().observe(job.launch());
                } catch (LaunchException e) {
                    return failUnlessInterrupted(request, job.launch().jobName(), job.dataset(), e).map(failed -> {
                        job.end();
                        return failed;
                    });
                }
                return report(job, observed);
            }
        }
    }

    /** Publishes what a look at the job saw; ends it when the job has ended. */
    private Optional<TrainingJobStatus> report(ActiveJob job, JobObservation observed) {
        TrainingRequested request = job.request();
        if (observed.terminal()) {
            TrainingJobStatus end = finish(request, job.launch(), job.dataset(), observed);
            job.end();
            return Optional.of(end);
        }
        if (job.published() != observed.state()) {
            publish(StatusEvents.of(request, job.launch().jobName(), Optional.of(job.dataset()), observed,
                    clock.instant()));
            job.published(observed.state());
        }
        return Optional.empty();
    }

    /** A launcher's refusal fails the request, unless the trigger is closing (the retries were interrupted). */
    private Optional<TrainingJobStatus> failUnlessInterrupted(TrainingRequested request, String jobName,
                                                              BuiltDataset dataset, LaunchException e) {
        if (Thread.currentThread().isInterrupted()) {
            LOG.info("Request {} interrupted ({}): it resumes when the trigger starts again", request.getRequestId(),
                    e.getMessage());
            return Optional.empty();
        }
        LOG.error("Request {}: {}", request.getRequestId(), e.getMessage(), e);
        return Optional.of(fail(request, jobName, Optional.of(dataset), e.getMessage()));
    }

    private LaunchRequest launchRequest(TrainingRequested request, String jobName, ModelSpec model,
                                        BuiltDataset dataset, Optional<StagedDataset> staged) {
        return new LaunchRequest(request.getRequestId(), jobName, model,
                staged.map(StagedDataset::uri).orElse(dataset.dataUri()),
                outputBase + "/" + model.name() + "/" + request.getRequestId(), labelColumn(model),
                request.getFeatureRefs().stream().map(ref -> ref.substring(ref.indexOf(':') + 1)).toList(),
                request.getParameters(), staged);
    }

    private TrainingJobStatus finish(TrainingRequested request, LaunchRequest launch, BuiltDataset dataset,
                                     JobObservation observed) {
        if (observed.state() == TrainingState.FAILED) {
            TrainingJobStatus failed = StatusEvents.of(request, launch.jobName(), Optional.of(dataset), observed,
                    clock.instant());
            LOG.warn("Training {} failed: {}", request.getRequestId(), failed.getReason());
            publish(failed);
            return failed;
        }
        String metricsUri = observed.outputUri().orElse(launch.outputUri()).replaceAll("/+$", "") + "/metrics.json";
        TrainingOutput output;
        try {
            output = TrainingOutput.parse(outputs.read(metricsUri).orElseThrow(() -> new IllegalArgumentException(
                    "the job succeeded but wrote no " + metricsUri)), metricsUri);
        } catch (IllegalArgumentException e) {
            return fail(request, launch.jobName(), Optional.of(dataset), e.getMessage());
        }
        TrainingJobStatus succeeded = StatusEvents.succeeded(request, launch.jobName(), dataset, observed, output,
                clock.instant());
        LOG.info("Training {} succeeded: {} at {}", request.getRequestId(), output.metrics(), output.modelUri());
        publish(succeeded);
        return succeeded;
    }

    private TrainingJobStatus fail(TrainingRequested request, String jobName, Optional<BuiltDataset> dataset,
                                   String reason) {
        TrainingJobStatus failed = StatusEvents.failed(request, jobName, dataset, reason, clock.instant());
        LOG.warn("Training {} failed: {}", request.getRequestId(), reason);
        publish(failed);
        return failed;
    }

    private void publish(TrainingJobStatus status) {
        sink.publish(status);
    }

    /** The label's value column (its {@code field}); the label name when the spec does not know it. */
    private String labelColumn(ModelSpec model) {
        return spec.label(model.label()).map(LabelSpec::field).orElse(model.label());
    }
}
