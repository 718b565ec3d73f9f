package dev.flywheel.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.schemas.events.FeatureProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileAccumulatorTest {

    @Test
    void shouldFreezeDecileEdgesAndCountUnderflowAndOverflowBins() {
        ProfileAccumulator profile = new ProfileAccumulator("v:x", true, 1000, 1);
        for (int i = 0; i < 100; i++) {
            profile.observe((double) i);
        }
        profile.observe(null);
        profile.freeze();
        for (int i = 0; i < 100; i++) {
            profile.bin((double) i);
        }

        FeatureProfile frozen = profile.profile();
        assertThat(frozen.getKind()).isEqualTo(FeatureKind.NUMERIC);
        assertThat(frozen.getBinEdges()).containsExactly(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0);
        assertThat(frozen.getBinCounts()).containsExactly(10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L);
        assertThat(frozen.getCount()).isEqualTo(100);
        assertThat(frozen.getNullCount()).isEqualTo(1);
        assertThat(frozen.getMin()).isEqualTo(0.0);
        assertThat(frozen.getMax()).isEqualTo(99.0);
        assertThat(frozen.getMean()).isEqualTo(49.5);
    }

    @Test
    void shouldCollapseRepeatedEdgesOfAConstantFeature() {
        ProfileAccumulator profile = new ProfileAccumulator("v:x", true, 1000, 1);
        for (int i = 0; i < 50; i++) {
            profile.observe(7L);
        }
        profile.freeze();
        for (int i = 0; i < 50; i++) {
            profile.bin(7L);
        }

        FeatureProfile frozen = profile.profile();
        assertThat(frozen.getBinEdges()).containsExactly(7.0);
        assertThat(frozen.getBinCounts()).containsExactly(0L, 50L); // nothing below 7, all in [7, +inf)
    }

    @Test
    void shouldCountCategories() {
        ProfileAccumulator profile = new ProfileAccumulator("v:c", false, 10, 1);
        List.of("DE", "FR", "DE").forEach(profile::observe);
        profile.observe(null);
        profile.freeze();

        FeatureProfile frozen = profile.profile();
        assertThat(frozen.getKind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(frozen.getCategoryCounts()).isEqualTo(Map.of("DE", 2L, "FR", 1L));
        assertThat(frozen.getBinEdges()).isEmpty();
        assertThat(frozen.getNullCount()).isEqualTo(1);
    }
}
