package dev.flywheel.training.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.training.Fixtures;
import dev.flywheel.training.launch.JobObservation;
import dev.flywheel.training.launch.LaunchException;
import dev.flywheel.training.launch.LaunchRequest;
import dev.flywheel.training.launch.Launcher;
import dev.flywheel.training.launch.StagedDataset;
import dev.flywheel.training.policy.TrainingRequests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The request flow with a scripted launcher, submitted then looked at as the watcher does: the statuses it publishes
 * and what a SUCCEEDED one carries.
 */
class RequestRunnerTest {

    private static final String METRICS = """
            {"model_uri": "file:///m/model.json", "model_sha256": "abc123", "model_format": "xgboost-json",
             "metrics": {"auc": 0.91, "logloss": 0.3}, "hyperparameters": {"eta": "0.1", "device": "cpu"}}""";

    private final FlywheelSpec spec = Fixtures.spec();
    private final List<TrainingJobStatus> published = new ArrayList<>();
    private final Map<String, byte[]> files = new HashMap<>();
    private final ScriptedLauncher launcher = new ScriptedLauncher();
    private RuntimeException datasetFailure;

    private final DatasetStep datasets = new DatasetStep() {
        @Override
        public BuiltDataset build(TrainingRequested request) {
            if (datasetFailure != null) {
                throw datasetFailure;
            }
            return new BuiltDataset("D1", "s3://flywheel/datasets/D1/data.parquet", Optional.of("snapshot-1"));
        }

        @Override
        public BuiltDataset existing(String datasetId) {
            return new BuiltDataset(datasetId, "s3://flywheel/datasets/" + datasetId + "/data.parquet", Optional.empty());
        }
    };

    private StagingStep staging = StagingStep.none();
    private final List<String> stagedRequests = new ArrayList<>();

    private RequestRunner runner() {
        return new RequestRunner(spec, Map.of("local", launcher), datasets, staging,
                uri -> Optional.ofNullable(files.get(uri)), published::add, "file:///out",
                Clock.fixed(Fixtures.T0, ZoneOffset.UTC));
    }

    /** Submits, then looks at the job as the watcher would until it ends; the terminal status, if one was published. */
    private Optional<TrainingJobStatus> run(TrainingRequested request, Optional<TrainingJobStatus> last) {
        RequestRunner runner = runner();
        Optional<ActiveJob> job = runner.submit(request, last);
        while (job.isPresent() && !job.get().ended()) {
            Optional<TrainingJobStatus> end = runner.check(job.get());
            if (end.isPresent()) {
                return end;
            }
        }
        return published.isEmpty() ? Optional.empty() : Optional.of(published.get(published.size() - 1))
                .filter(status -> status.getState() == TrainingState.SUCCEEDED
                        || status.getState() == TrainingState.FAILED);
    }

    private TrainingRequested request() {
        return TrainingRequests.manual(spec.model("fraud").orElseThrow(), "cmd-1", "alice", Fixtures.T0);
    }

    @Test
    void shouldPublishSubmittedRunningAndSucceededWithWhatTheRegistryNeeds() {
        TrainingRequested request = request();
        launcher.script(JobObservation.of(TrainingState.SUBMITTED), JobObservation.of(TrainingState.RUNNING),
                JobObservation.of(TrainingState.RUNNING), new JobObservation(TrainingState.SUCCEEDED, Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.of("file:///out/fraud/" + request.getRequestId()),
                        Map.of()));
        files.put("file:///out/fraud/" + request.getRequestId() + "/metrics.json", METRICS.getBytes(StandardCharsets.UTF_8));

        Optional<TrainingJobStatus> end = run(request, Optional.empty());

        assertThat(published).extracting(TrainingJobStatus::getState).containsExactly(TrainingState.SUBMITTED,
                TrainingState.RUNNING, TrainingState.SUCCEEDED);
        TrainingJobStatus done = end.orElseThrow();
        assertThat(done.getModelUri()).isEqualTo("file:///m/model.json");
        assertThat(done.getModelSha256()).isEqualTo("abc123");
        assertThat(done.getModelFormat()).isEqualTo("xgboost-json");
        assertThat(done.getMetrics()).containsEntry("auc", 0.91).containsEntry("logloss", 0.3);
        assertThat(done.getHyperparameters()).containsEntry("eta", "0.1");
        assertThat(done.getDatasetId()).isEqualTo("D1");
        assertThat(done.getCauses()).containsExactly(request.getEventId(), "snapshot-1");
        assertThat(done.getEventId()).isEqualTo(StatusEvents.eventId(request.getRequestId(), TrainingState.SUCCEEDED));
        assertThat(launcher.launched.get(0).datasetUri()).isEqualTo("s3://flywheel/datasets/D1/data.parquet");
        assertThat(launcher.launched.get(0).label()).isEqualTo("is_fraud");
        assertThat(launcher.launched.get(0).features()).containsExactly("txn_count_1h", "amount_sum_24h", "amount_max_24h");
    }

    @Test
    void shouldFailWithTheApiServersReasonWhenTheLaunchIsRefused() {
        launcher.refuse = new LaunchException("HTTP 403 creating Job fw-x: forbidden", null);

        TrainingJobStatus end = run(request(), Optional.empty()).orElseThrow();

        assertThat(end.getState()).isEqualTo(TrainingState.FAILED);
        assertThat(end.getReason()).isEqualTo("HTTP 403 creating Job fw-x: forbidden");
        assertThat(published).hasSize(1);
    }

    @Test
    void shouldNotFailTheRequestWhenItsLaunchIsInterruptedByTheTriggerClosing() {
        // given: the launcher's retries are interrupted (the trigger closes)
        launcher.onLaunch = () -> {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while retrying creating Job fw-x", null);
        };

        // when
        Optional<ActiveJob> job = runner().submit(request(), Optional.empty());

        // then: no FAILED status: the request resumes after a restart
        assertThat(Thread.interrupted()).isTrue();
        assertThat(job).isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void shouldFailWhenTheDatasetCannotBeBuilt() {
        datasetFailure = new IllegalStateException("no label rows");

        TrainingJobStatus end = run(request(), Optional.empty()).orElseThrow();

        assertThat(end.getReason()).isEqualTo("dataset build failed: no label rows");
        assertThat(launcher.launched).isEmpty();
    }

    @Test
    void shouldLaunchFromTheStagedCopyWhenTheDatasetWasStaged() {
        // given: staging copies D1 to EFS
        staging = (request, dataset) -> {
            stagedRequests.add(request.getRequestId());
            return Optional.of(new StagedDataset("/mnt/datasets/datasets/D1/data.parquet", dataset.dataUri(),
                    "/mnt/datasets", Optional.of("efs-datasets")));
        };
        launcher.script(JobObservation.of(TrainingState.SUBMITTED), JobObservation.failed("stop here"));

        // when
        run(request(), Optional.empty());

        // then: the trainer reads the EFS copy, and is told where it came from
        LaunchRequest launched = launcher.launched.get(0);
        assertThat(launched.datasetUri()).isEqualTo("file:/mnt/datasets/datasets/D1/data.parquet");
        assertThat(launched.staged()).map(StagedDataset::claimName).contains(Optional.of("efs-datasets"));
        assertThat(launched.trainerEnv()).containsEntry("FLYWHEEL_DATASET_URI",
                "file:/mnt/datasets/datasets/D1/data.parquet")
                .containsEntry("FLYWHEEL_DATASET_SOURCE_URI", "s3://flywheel/datasets/D1/data.parquet");
        assertThat(published.get(0).getState()).isEqualTo(TrainingState.SUBMITTED);
        assertThat(published.get(0).getDatasetId()).isEqualTo("D1");
    }

    @Test
    void shouldFailTheRequestWithTheReasonWhenStagingFails() {
        staging = (request, dataset) -> {
            throw new StagingException("HTTP 400 InvalidRequestException starting DataSync task t: not found", null);
        };

        TrainingJobStatus end = run(request(), Optional.empty()).orElseThrow();

        assertThat(end.getState()).isEqualTo(TrainingState.FAILED);
        assertThat(end.getReason()).isEqualTo(
                "staging failed: HTTP 400 InvalidRequestException starting DataSync task t: not found");
        assertThat(end.getDatasetId()).isEqualTo("D1");
        assertThat(launcher.launched).isEmpty();
    }

    @Test
    void shouldNotStageAgainWhenResumingASubmittedJob() {
        staging = (request, dataset) -> {
            stagedRequests.add(request.getRequestId());
            return Optional.empty();
        };
        TrainingRequested request = request();
        launcher.script(JobObservation.failed("stop here"));

        run(request, Optional.of(Fixtures.status("fraud", request.getRequestId(), TrainingState.SUBMITTED,
                Fixtures.T0)));

        assertThat(stagedRequests).isEmpty();
        assertThat(launcher.launched).hasSize(1);
    }

    @Test
    void shouldFailASuccessfulJobThatWroteNoMetrics() {
        launcher.script(JobObservation.of(TrainingState.SUCCEEDED));

        TrainingJobStatus end = run(request(), Optional.empty()).orElseThrow();

        assertThat(end.getState()).isEqualTo(TrainingState.FAILED);
        assertThat(end.getReason()).startsWith("the job succeeded but wrote no file:///out/fraud/");
    }

    @Test
    void shouldResumeARunningJobWithoutRebuildingItsDatasetOrResubmitting() {
        TrainingRequested request = request();
        TrainingJobStatus running = StatusEvents.of(request, "fw-x", Optional.of(new BuiltDataset("D0", "u",
                Optional.empty())), JobObservation.of(TrainingState.RUNNING), Fixtures.T0);
        launcher.script(JobObservation.of(TrainingState.RUNNING), JobObservation.failed("BackoffLimitExceeded"));

        run(request, Optional.of(running));

        assertThat(launcher.launched.get(0).datasetUri()).isEqualTo("s3://flywheel/datasets/D0/data.parquet");
        assertThat(published).extracting(TrainingJobStatus::getState).containsExactly(TrainingState.FAILED);
    }

    /** Answers launch and observe from a script, in order; the last answer repeats. */
    private static final class ScriptedLauncher implements Launcher {
        final List<LaunchRequest> launched = new ArrayList<>();
        final Deque<JobObservation> script = new ArrayDeque<>();
        LaunchException refuse;
        Runnable onLaunch = () -> { };

        void script(JobObservation... observations) {
            script.addAll(List.of(observations));
        }

        @Override
        public String backend() {
            return "local";
        }

        @Override
        public JobObservation launch(LaunchRequest request) {
            if (refuse != null) {
                throw refuse;
            }
            onLaunch.run();
            launched.add(request);
            return next();
        }

        @Override
        public JobObservation observe(LaunchRequest request) {
            return next();
        }

        private JobObservation next() {
            return script.size() > 1 ? script.poll() : script.peek();
        }

        @Override
        public void cancel(LaunchRequest request) {
        }

        @Override
        public void close() {
        }
    }
}
