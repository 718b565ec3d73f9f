package dev.flywheel.training.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import dev.flywheel.training.Fixtures;
import dev.flywheel.training.launch.JobObservation;
import dev.flywheel.training.launch.LaunchRequest;
import dev.flywheel.training.launch.Launcher;
import dev.flywheel.training.policy.TrainingRequests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler with the real runner and watcher and a launcher whose jobs run until the test releases them: running
 * jobs hold no request thread, and a model's {@code max_concurrent} holds its requests back without holding one.
 */
class RequestSchedulerTest {

    private static final String METRICS = """
            {"model_uri": "file:///m/model.json", "model_sha256": "abc123", "model_format": "xgboost-json",
             "metrics": {"auc": 0.91}}""";

    private final FlywheelSpec spec = SpecLoader.parse("flywheel.yaml", """
            project: test
            sources:
              - {name: transactions, topic: transactions, key: card_id, timestamp: ts}
              - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts}
            feature_views:
              - name: card_spend
                source: transactions
                entity: card_id
                features:
                  - {name: txn_count_1h, agg: count, window: 1h}
            labels:
              - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts, field: is_fraud}
            models:
              - name: fleet
                features: [card_spend:txn_count_1h]
                label: fraud_labels
                trainer: {backend: local}
                retrain: {max_concurrent: 8}
              - name: solo
                features: [card_spend:txn_count_1h]
                label: fraud_labels
                trainer: {backend: local}
                retrain: {max_concurrent: 1}
            """);
    private final List<TrainingJobStatus> published = new CopyOnWriteArrayList<>();
    private final HeldLauncher launcher = new HeldLauncher();
    private RequestScheduler scheduler;

    private final DatasetStep datasets = new DatasetStep() {
        @Override
        public BuiltDataset build(TrainingRequested request) {
            return existing("D-" + request.getRequestId());
        }

        @Override
        public BuiltDataset existing(String datasetId) {
            return new BuiltDataset(datasetId, "s3://flywheel/datasets/" + datasetId + "/data.parquet", Optional.empty());
        }
    };

    private RequestScheduler scheduler(int threads, Duration watchInterval) {
        RequestRunner runner = new RequestRunner(spec, Map.of("local", launcher), datasets, StagingStep.none(),
                uri -> Optional.of(METRICS.getBytes(StandardCharsets.UTF_8)), published::add, "file:///out",
                Clock.fixed(Fixtures.T0, ZoneOffset.UTC));
        scheduler = new RequestScheduler(spec, runner, new JobWatcher(runner, watchInterval), threads);
        return scheduler;
    }

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private TrainingRequested request(String model, int n) {
        return TrainingRequests.manual(spec.model(model).orElseThrow(), "cmd-" + model + "-" + n, "alice", Fixtures.T0);
    }

    @Test
    void shouldSubmitAFifthJobWhileFourJobsRunWithFourRequestThreads() {
        // given: four request threads, four jobs submitted and running
        RequestScheduler scheduler = scheduler(4, Duration.ofMillis(20));
        List<TrainingRequested> requests = List.of(request("fleet", 1), request("fleet", 2), request("fleet", 3),
                request("fleet", 4), request("fleet", 5));
        requests.subList(0, 4).forEach(r -> scheduler.submit(r, Optional.empty()));
        await().atMost(Duration.ofSeconds(30)).until(() -> launcher.launched.size() == 4);

        // when: a fifth request comes while the four jobs still run
        scheduler.submit(requests.get(4), Optional.empty());

        // then: it is submitted without waiting for any of them
        await().atMost(Duration.ofSeconds(30)).until(() -> launcher.launched.size() == 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> states(TrainingState.RUNNING).size() == 5);
        assertThat(states(TrainingState.SUBMITTED)).hasSize(5);
        assertThat(launcher.released).isEmpty();
        assertThat(scheduler.watching()).isEqualTo(5);
        assertThat(scheduler.inFlight()).isEqualTo(5);

        // and when they end, each is reported SUCCEEDED with its metrics and nothing is left in flight
        requests.forEach(r -> launcher.release(r.getRequestId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> states(TrainingState.SUCCEEDED).size() == 5);
        assertThat(states(TrainingState.SUCCEEDED)).allSatisfy(s -> assertThat(s.getMetrics()).containsEntry("auc", 0.91));
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.inFlight() == 0);
        assertThat(scheduler.watching()).isZero();
    }

    @Test
    void shouldHoldARequestBeyondItsModelsMaxConcurrentWithoutTakingARequestThread() {
        // given: one request thread, one job of "solo" (max_concurrent 1) running, a second "solo" request waiting
        RequestScheduler scheduler = scheduler(1, Duration.ofMillis(20));
        TrainingRequested first = request("solo", 1);
        TrainingRequested second = request("solo", 2);
        scheduler.submit(first, Optional.empty());
        await().atMost(Duration.ofSeconds(30)).until(() -> launcher.launched.size() == 1);
        scheduler.submit(second, Optional.empty());

        // when: another model's request comes
        scheduler.submit(request("fleet", 1), Optional.empty());

        // then: it is submitted on the one thread; the second "solo" job is not
        await().atMost(Duration.ofSeconds(30)).until(() -> launcher.launched.size() == 2);
        assertThat(launcher.launched).extracting(l -> l.model().name()).containsExactly("solo", "fleet");

        // and when the first "solo" job ends, the second one starts
        launcher.release(first.getRequestId());
        await().atMost(Duration.ofSeconds(30)).until(() -> launcher.launched.size() == 3);
        assertThat(launcher.launched.get(2).requestId()).isEqualTo(second.getRequestId());
        assertThat(states(TrainingState.SUCCEEDED)).extracting(TrainingJobStatus::getRequestId)
                .containsExactly(first.getRequestId());
    }

    @Test
    void shouldLookAtAJobAtOnceWhenItsLauncherSaysItEnded() {
        // given: a watch interval far longer than the test
        RequestScheduler scheduler = scheduler(1, Duration.ofHours(1));
        TrainingRequested request = request("fleet", 1);
        scheduler.submit(request, Optional.empty());
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.watching() == 1);

        // when: the job ends and its launcher says so (as a local process's exit does)
        launcher.release(request.getRequestId());

        // then: it is reported without waiting for the next poll
        await().atMost(Duration.ofSeconds(30)).until(() -> states(TrainingState.SUCCEEDED).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.inFlight() == 0);
    }

    private List<TrainingJobStatus> states(TrainingState state) {
        return published.stream().filter(s -> s.getState() == state).toList();
    }

    /** Jobs that run until released; a release also fires the job's end callback. */
    private static final class HeldLauncher implements Launcher {
        final List<LaunchRequest> launched = new CopyOnWriteArrayList<>();
        final Set<String> released = ConcurrentHashMap.newKeySet();
        final Map<String, Runnable> callbacks = new ConcurrentHashMap<>();

        void release(String requestId) {
            released.add(requestId);
            Optional.ofNullable(callbacks.remove(requestId)).ifPresent(Runnable::run);
        }

        @Override
        public String backend() {
            return "local";
        }

        @Override
        public JobObservation launch(LaunchRequest request) {
            launched.add(request);
            return observe(request);
        }

        @Override
        public JobObservation observe(LaunchRequest request) {
            return JobObservation.of(released.contains(request.requestId()) ? TrainingState.SUCCEEDED
                    : TrainingState.RUNNING);
        }

        @Override
        public void onEnd(LaunchRequest request, Runnable callback) {
            callbacks.put(request.requestId(), callback);
        }

        @Override
        public void cancel(LaunchRequest request) {
        }

        @Override
        public void close() {
        }
    }
}
