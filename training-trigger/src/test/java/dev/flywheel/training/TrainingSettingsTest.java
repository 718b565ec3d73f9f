package dev.flywheel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.events.Severity;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Settings: defaults, environment and overrides, and one test per invalid value. */
class TrainingSettingsTest {

    @Test
    void shouldHaveWorkingDefaults() {
        TrainingSettings settings = TrainingSettings.defaults();
        assertThat(settings.minSeverity()).isEqualTo(Severity.LOW);
        assertThat(settings.tick()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.trainerCommand()).endsWith("-jar", "trainer/target/flywheel-trainer.jar");
        assertThat(settings.kubernetes().namespace()).isEqualTo("default");
        assertThat(settings.outputUri()).isEmpty();
    }

    @Test
    void shouldReadTheEnvironmentAndLetOverridesWin() {
        TrainingSettings settings = TrainingSettings.load(Map.of("FLYWHEEL_TRAINING_KUBERNETES_NAMESPACE", "ml",
                "FLYWHEEL_TRAINING_DRIFT_MIN_SEVERITY", "HIGH"), Map.of(TrainingSettings.NAMESPACE, "training"));
        assertThat(settings.kubernetes().namespace()).isEqualTo("training");
        assertThat(settings.minSeverity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void shouldRefuseAnUnknownSeverity() {
        assertThatThrownBy(() -> TrainingSettings.load(Map.of(), Map.of(TrainingSettings.MIN_SEVERITY, "SEVERE")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(TrainingSettings.MIN_SEVERITY);
    }

    @Test
    void shouldRefuseANamespaceThatIsNotADnsLabel() {
        assertThatThrownBy(() -> TrainingSettings.load(Map.of(), Map.of(TrainingSettings.NAMESPACE, "ML_Team")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be a DNS label");
    }

    @Test
    void shouldRefuseATooShortTickAndTooManyAttempts() {
        assertThatThrownBy(() -> TrainingSettings.load(Map.of(), Map.of(TrainingSettings.TICK_MS, "5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(TrainingSettings.TICK_MS);
        assertThatThrownBy(() -> TrainingSettings.load(Map.of(), Map.of(TrainingSettings.K8S_ATTEMPTS, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(TrainingSettings.K8S_ATTEMPTS);
    }

    @Test
    void shouldRefuseANonNumericWatchInterval() {
        assertThatThrownBy(() -> TrainingSettings.load(Map.of(), Map.of(TrainingSettings.WATCH_INTERVAL_MS, "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(TrainingSettings.WATCH_INTERVAL_MS);
    }

    private static final String TASK = "arn:aws:datasync:eu-west-1:123456789012:task/task-0abc";
    private static final String S3_LOCATION = "arn:aws:datasync:eu-west-1:123456789012:location/loc-0s3";
    private static final String EFS_LOCATION = "arn:aws:datasync:eu-west-1:123456789012:location/loc-0efs";

    @Test
    void shouldNotStageDatasetsUnlessDataSyncIsConfigured() {
        assertThat(TrainingSettings.defaults().dataSync()).isEmpty();
    }

    @Test
    void shouldReadDataSyncStagingFromTheEnvironment() {
        TrainingSettings settings = TrainingSettings.load(Map.of("FLYWHEEL_TRAINING_DATASYNC_TASK_ARN", TASK,
                "FLYWHEEL_TRAINING_DATASYNC_EFS_CLAIM", "efs-datasets",
                "FLYWHEEL_TRAINING_DATASYNC_POLL_INTERVAL_MS", "5000"), Map.of());

        assertThat(settings.dataSync()).hasValueSatisfying(sync -> {
            assertThat(sync.taskArn()).contains(TASK);
            assertThat(sync.claimName()).contains("efs-datasets");
            assertThat(sync.mountPath()).isEqualTo("/mnt/flywheel-datasets");
            assertThat(sync.pollInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(sync.timeout()).isEqualTo(Duration.ofHours(1));
        });
    }

    @Test
    void shouldStageWithATaskCreatedFromBothLocations() {
        TrainingSettings settings = TrainingSettings.load(Map.of(), Map.of(TrainingSettings.DATASYNC_SOURCE_ARN,
                S3_LOCATION, TrainingSettings.DATASYNC_DESTINATION_ARN, EFS_LOCATION));

        assertThat(settings.dataSync()).hasValueSatisfying(sync -> {
            assertThat(sync.taskArn()).isEmpty();
            assertThat(sync.sourceLocationArn()).contains(S3_LOCATION);
            assertThat(sync.destinationLocationArn()).contains(EFS_LOCATION);
        });
    }

    @Test
    void shouldRefuseOneDataSyncLocationWithoutTheOther() {
        assertThatThrownBy(() -> TrainingSettings.load(Map.of(), Map.of(TrainingSettings.DATASYNC_SOURCE_ARN,
                S3_LOCATION))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(TrainingSettings.DATASYNC_DESTINATION_ARN);
    }

    @Test
    void shouldRefuseADataSyncTaskTogetherWithLocations() {
        assertThatThrownBy(() -> TrainingSettings.load(Map.of(), Map.of(TrainingSettings.DATASYNC_TASK_ARN, TASK,
                TrainingSettings.DATASYNC_SOURCE_ARN, S3_LOCATION, TrainingSettings.DATASYNC_DESTINATION_ARN,
                EFS_LOCATION))).isInstanceOf(ConfigException.class).hasMessageContaining("not both");
    }

    @Test
    void shouldRefuseSomethingThatIsNotADataSyncArn() {
        assertThatThrownBy(() -> TrainingSettings.load(Map.of(), Map.of(TrainingSettings.DATASYNC_TASK_ARN,
                "arn:aws:s3:::flywheel"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(TrainingSettings.DATASYNC_TASK_ARN);
    }

    @Test
    void shouldRefuseARelativeMountPathAndATooShortPollInterval() {
        assertThatThrownBy(() -> TrainingSettings.load(Map.of(), Map.of(TrainingSettings.DATASYNC_MOUNT_PATH,
                "mnt/efs"))).isInstanceOf(ConfigException.class).hasMessageContaining("must be an absolute path");
        assertThatThrownBy(() -> TrainingSettings.load(Map.of(), Map.of(TrainingSettings.DATASYNC_POLL_MS, "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(TrainingSettings.DATASYNC_POLL_MS);
    }
}
