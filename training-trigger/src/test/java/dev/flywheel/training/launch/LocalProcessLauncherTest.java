package dev.flywheel.training.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.events.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local launcher with a shell command standing in for the trainer: end callbacks, exit codes, logs, close. */
class LocalProcessLauncherTest {

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
}
