package dev.flywheel.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.drift.profile.ReferenceProfile;
import dev.flywheel.topology.spec.DriftMethod;
import dev.flywheel.topology.spec.ErrorRateDetector;
import dev.flywheel.topology.spec.FeatureOverride;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorTarget;
import dev.flywheel.topology.spec.MonitorWindow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MethodChoiceTest {

    private static ReferenceProfile numeric(long total) {
        return ReferenceProfile.numeric("v:x", new double[] {0}, new long[] {total / 2, total - total / 2}, 0, 1, -1, 1);
    }

    private static ReferenceProfile categorical(long total) {
        return ReferenceProfile.categorical("v:c", Map.of("a", total));
    }

    private static MonitorSpec monitor(DriftMethod method, OptionalDouble threshold, FeatureOverride... overrides) {
        return new MonitorSpec("m", new MonitorTarget.Data("v"), Optional.empty(), Optional.empty(),
                new MonitorWindow.Count(100, 100), method, threshold, 0.5, List.of(overrides), ErrorRateDetector.ADWIN,
                Duration.ofHours(1));
    }

    @Test
    void shouldChooseAsEvidentlyByKindAndReferenceSize() {
        assertThat(MethodChoice.resolve(DriftMethod.AUTO, numeric(1000))).isEqualTo(DriftMethod.KS);
        assertThat(MethodChoice.resolve(DriftMethod.AUTO, numeric(1001))).isEqualTo(DriftMethod.WASSERSTEIN);
        assertThat(MethodChoice.resolve(DriftMethod.AUTO, categorical(1000))).isEqualTo(DriftMethod.CHI_SQUARE);
        assertThat(MethodChoice.resolve(DriftMethod.AUTO, categorical(1001))).isEqualTo(DriftMethod.JENSEN_SHANNON);
        assertThat(MethodChoice.resolve(DriftMethod.PSI, categorical(5))).isEqualTo(DriftMethod.PSI);
    }

    @Test
    void shouldUseTheMethodDefaultThresholdWhenNoneIsSet() {
        MethodChoice.Choice choice = MethodChoice.of(monitor(DriftMethod.AUTO, OptionalDouble.empty()), "x", numeric(10));

        assertThat(choice.statistic().method()).isEqualTo(DriftMethod.KS);
        assertThat(choice.threshold()).isEqualTo(0.05);
    }

    @Test
    void shouldPreferTheFeatureOverrideToTheMonitor() {
        MonitorSpec spec = monitor(DriftMethod.PSI, OptionalDouble.of(0.2),
                new FeatureOverride("x", Optional.of(DriftMethod.JENSEN_SHANNON), OptionalDouble.empty()),
                new FeatureOverride("y", Optional.empty(), OptionalDouble.of(0.3)));

        MethodChoice.Choice x = MethodChoice.of(spec, "x", numeric(10));
        MethodChoice.Choice y = MethodChoice.of(spec, "y", numeric(10));
        MethodChoice.Choice z = MethodChoice.of(spec, "z", numeric(10));

        assertThat(x.statistic().method()).isEqualTo(DriftMethod.JENSEN_SHANNON);
        assertThat(x.threshold()).isEqualTo(0.1);
        assertThat(y.statistic().method()).isEqualTo(DriftMethod.PSI);
        assertThat(y.threshold()).isEqualTo(0.3);
        assertThat(z.threshold()).isEqualTo(0.2);
    }

    @Test
    void shouldRefuseANumericOnlyOverrideOnACategorical() {
        MonitorSpec spec = monitor(DriftMethod.PSI, OptionalDouble.empty(),
                new FeatureOverride("c", Optional.of(DriftMethod.KS), OptionalDouble.empty()));

        assertThatThrownBy(() -> MethodChoice.of(spec, "c", categorical(10))).hasMessageContaining("categorical");
    }

    @Test
    void shouldLeaveCategoricalsToAutoUnderAMonitorWideNumericMethod() {
        MethodChoice.Choice choice = MethodChoice.of(monitor(DriftMethod.WASSERSTEIN, OptionalDouble.of(0.3)), "c",
                categorical(10));

        assertThat(choice.statistic().method()).isEqualTo(DriftMethod.CHI_SQUARE);
        assertThat(choice.threshold()).isEqualTo(0.05);
    }
}
