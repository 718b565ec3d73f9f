package dev.flywheel.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.drift.profile.ReferenceProfile;
import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.schemas.events.FeatureProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceProfileTest {

    @Test
    void shouldBinNumericValuesWithUnderflowAndOverflow() {
        ReferenceProfile profile = ReferenceProfile.of(FeatureProfile.newBuilder().setFeature("v:x")
                .setKind(FeatureKind.NUMERIC).setCount(6).setBinEdges(List.of(0.0, 10.0))
                .setBinCounts(List.of(1L, 3L, 2L)).setMean(5.0).setStd(4.0).setMin(-1.0).setMax(12.0).build());

        assertThat(profile.binOf(-0.5)).isZero();
        assertThat(profile.binOf(0.0)).isEqualTo(1);
        assertThat(profile.binOf(9.999)).isEqualTo(1);
        assertThat(profile.binOf(10.0)).isEqualTo(2);
        assertThat(profile.binOf(1e9)).isEqualTo(2);
        assertThat(profile.label(0)).isEqualTo("(-inf, 0.0)");
        assertThat(profile.label(1)).isEqualTo("[0.0, 10.0)");
        assertThat(profile.label(2)).isEqualTo("[10.0, +inf)");
        assertThat(profile.lower(0)).isNaN();
        assertThat(profile.upper(2)).isNaN();
        assertThat(profile.total()).isEqualTo(6);
    }

    @Test
    void shouldPutUnseenCategoriesInTheirOwnBin() {
        ReferenceProfile profile = ReferenceProfile.of(FeatureProfile.newBuilder().setFeature("v:c")
                .setKind(FeatureKind.CATEGORICAL).setCount(5).setCategoryCounts(Map.of("US", 3L, "DE", 2L)).build());

        assertThat(profile.bins()).isEqualTo(3);
        assertThat(profile.binOf("DE")).isZero();
        assertThat(profile.binOf("US")).isEqualTo(1);
        assertThat(profile.binOf("FR")).isEqualTo(2);
        assertThat(profile.count(2)).isZero();
    }

    @Test
    void shouldRefuseCountsThatDoNotMatchTheEdges() {
        assertThatThrownBy(() -> ReferenceProfile.numeric("v:x", new double[] {0, 1}, new long[] {1, 2}, 0, 1, 0, 1))
                .hasMessageContaining("2 bin edges need 3 bin counts");
        assertThatThrownBy(() -> ReferenceProfile.numeric("v:x", new double[] {1, 1}, new long[] {1, 2, 3}, 0, 1, 0, 1))
                .hasMessageContaining("ascending");
    }
}
