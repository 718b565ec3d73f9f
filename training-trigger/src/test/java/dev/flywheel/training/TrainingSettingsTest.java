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
        assertThat(settings.tick()).isEqualTo(Duration.ofSeconds(1));
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
}
