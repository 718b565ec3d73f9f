package dev.flywheel.training.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local launcher with a shell command standing in for the trainer: end callbacks, exit codes, logs, close; and
 * what it says it ignores of a model (the warning the trigger logs once per model at start).
 */
class LocalProcessLauncherTest {

    /** The design's example model (ARCHITECTURE.md): a local trainer with Kubernetes-only keys and tuning. */
    private static final FlywheelSpec SPEC = SpecLoader.parse("flywheel.yaml", """
            project: fraud
            sources:
              - {name: transactions, key: card_id, timestamp: ts}
            feature_views:
              - {name: card_spend, source: transactions, entity: card_id, features: [{name: n, agg: count}]}
            labels:
              - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts, field: is_fraud}
            models:
              - name: fraud_detector
                features: [card_spend:n]
                label: fraud_labels
                trainer: {backend: local, image: flywheel-trainer:latest, gpu: 1}
                tuning: {algorithm: tpe, metric: auc, goal: maximize, max_trials: 12, parallel: 3,
                         parameters: {eta: {min: 0.01, max: 0.3, scale: log}, max_depth: {min: 3, max: 10}}}
              - name: secret_only
                features: [card_spend:n]
                label: fraud_labels
                trainer: {secrets: {TOKEN: {secret: s, key: k}}, env: {XGB_VERBOSITY: "1"}}
              - name: plain
                features: [card_spend:n]
                label: fraud_labels
                trainer: {args: [--seed, "7"], env: {XGB_VERBOSITY: "1"}}
            """);

    @TempDir
    Path work;

    private LocalProcessLauncher launcher(String script) {
        return new LocalProcessLauncher(List.of("sh", "-c", script), work, Map.of(), Clock.systemUTC());
    }

    @Test
    void shouldCallBackWhenTheTrainerExitsAndReportItsExitCodeAndLastMessage() throws Exception {
        try (LocalProcessLauncher launcher = launcher("sleep 0.3; echo 'flywheel-trainer: no label column'; exit 2")) {
            LaunchRequest request = LaunchFixtures.request("fraud_job", "local-1");
            assertThat(launcher.launch(request).state()).isEqualTo(TrainingState.RUNNING);
            CountDownLatch ended = new CountDownLatch(1);

            launcher.onEnd(request, ended::countDown);

            assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
            JobObservation observed = launcher.observe(request);
            assertThat(observed.state()).isEqualTo(TrainingState.FAILED);
            assertThat(observed.reason()).contains("trainer exited with code 2 (bad input): "
                    + "flywheel-trainer: no label column");
            assertThat(Files.readString(launcher.log(request.jobName()).orElseThrow()))
                    .contains("flywheel-trainer: no label column");
        }
    }

    @Test
    void shouldKillItsRunningTrainersWhenClosed() throws Exception {
        LocalProcessLauncher launcher = launcher("sleep 600");
        LaunchRequest request = LaunchFixtures.request("fraud_job", "local-2");
        launcher.launch(request);
        CountDownLatch ended = new CountDownLatch(1);
        launcher.onEnd(request, ended::countDown);

        launcher.close();

        assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(work.resolve(request.jobName()).resolve("trainer.log")).exists();
    }

    @Test
    void shouldNameTheKubernetesOnlyKeysAndSayThatTuningTrainsOnceWithDefaults() {
        assertThat(LocalProcessLauncher.ignoredBy(SPEC.model("fraud_detector").orElseThrow())).contains(
                "model fraud_detector trains with the local backend, which ignores trainer keys image, gpu (they "
                        + "apply to the Kubernetes backends only); and its tuning (12 trials of tpe run as a Katib "
                        + "Experiment on Kubernetes only): it trains once, with the trainer's default parameters");
    }

    @Test
    void shouldNameSecretsByReferenceAsIgnored() {
        assertThat(LocalProcessLauncher.ignoredBy(SPEC.model("secret_only").orElseThrow())).contains(
                "model secret_only trains with the local backend, which ignores trainer key secrets (they apply to "
                        + "the Kubernetes backends only)");
    }

    @Test
    void shouldSayNothingWhenTheLocalBackendHonoursEverythingTheModelSets() {
        assertThat(LocalProcessLauncher.ignoredBy(SPEC.model("plain").orElseThrow())).isEmpty();
    }
}
