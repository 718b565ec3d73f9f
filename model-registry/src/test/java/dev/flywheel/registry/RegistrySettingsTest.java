package dev.flywheel.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One test per invalid setting. */
class RegistrySettingsTest {

    @Test
    void shouldDefaultToNoTokenAndATenPercentCanary() {
        RegistrySettings settings = RegistrySettings.defaults();

        assertThat(settings.apiToken()).isEmpty();
        assertThat(settings.canaryTrafficPercent()).isEqualTo(10);
        assertThat(settings.withApiToken("0123456789abcdef").apiToken().get().toString()).doesNotContain("0123");
    }

    @Test
    void shouldRefuseAShortToken() {
        assertThatThrownBy(() -> RegistrySettings.defaults().withApiToken("short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiToken")
                .hasMessageNotContaining("short");
    }

    @Test
    void shouldRefuseANegativeCommandWait() {
        assertThatThrownBy(() -> RegistrySettings.defaults().withCommandWait(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commandWait");
    }

    @Test
    void shouldRefuseANamespaceThatIsNoDnsLabel() {
        assertThatThrownBy(() -> RegistrySettings.defaults().withKServe("ML_models", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kserveNamespace");
    }

    @Test
    void shouldRefuseACanaryShareOutsideOneToAHundred() {
        assertThatThrownBy(() -> RegistrySettings.defaults().withKServe("ml", 101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("canaryTrafficPercent");
    }
}
