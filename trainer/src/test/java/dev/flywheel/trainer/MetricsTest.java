package dev.flywheel.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics against hand-computed values, and the device decision. */
class MetricsTest {

    @Test
    void shouldComputeAucWithTiesCountingHalf() {
        float[] labels = {0, 0, 1, 1};
        assertThat(Metrics.auc(labels, new float[] {0.1f, 0.4f, 0.35f, 0.8f})).isEqualTo(0.75);
        assertThat(Metrics.auc(labels, new float[] {0.5f, 0.5f, 0.5f, 0.5f})).isEqualTo(0.5);
        assertThat(Metrics.auc(labels, new float[] {0.1f, 0.2f, 0.8f, 0.9f})).isEqualTo(1.0);
        assertThat(Metrics.auc(new float[] {1, 1}, new float[] {0.1f, 0.2f})).isNaN();
    }

    @Test
    void shouldComputeLogLossAndRmse() {
        assertThat(Metrics.logLoss(new float[] {1, 0}, new float[] {0.8f, 0.2f})).isCloseTo(-Math.log(0.8), within(1e-6));
        assertThat(Metrics.rmse(new float[] {1, 3}, new float[] {2, 1})).isCloseTo(Math.sqrt(2.5), within(1e-9));
    }

    @Test
    void shouldChooseCudaOnlyWhenAGpuIsVisibleAndTheLibraryHasCuda() {
        Map<String, String> hidden = Map.of("CUDA_VISIBLE_DEVICES", "-1");
        assertThat(Device.choose("auto", hidden, () -> true).name()).isEqualTo("cpu");
        assertThat(Device.choose("cpu", Map.of(), () -> true).name()).isEqualTo("cpu");
        assertThat(Device.choose("auto", hidden, () -> true).reason()).isEqualTo("no GPU is visible");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Device.choose("cuda", hidden, () -> true))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--device cuda was required");
    }
}
