package dev.flywheel.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.events.ModelVersion;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The promotion rule alone, without a topology. */
class PromotionPolicyTest {

    private static ModelVersion version(int number, Map<String, Double> metrics) {
        return ModelVersion.newBuilder().setEventId("e" + number).setOccurredAt(Instant.EPOCH).setModel("m")
                .setVersion(number).setArtifactUri("file:/m").setSha256("00").setFormat("xgboost-json")
                .setMetrics(metrics).setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build();
    }

    @Test
    void shouldMakeTheFirstVersionWithTheMetricChampion() {
        PromotionDecision decision = new PromotionPolicy("auc", true, 0.01).decide(version(1, Map.of("auc", 0.5)),
                Optional.empty());

        assertThat(decision.promote()).isTrue();
        assertThat(decision.reason()).contains("first champion");
    }

    @Test
    void shouldNegateTheGainWhenLowerIsBetter() {
        PromotionPolicy policy = new PromotionPolicy("rmse", false, 0.5);

        PromotionDecision decision = policy.decide(version(2, Map.of("rmse", 1.0)),
                Optional.of(version(1, Map.of("rmse", 2.0))));

        assertThat(decision.promote()).isTrue();
        assertThat(decision.gain()).isEqualTo(1.0);
    }

    @Test
    void shouldNeverPromoteATie() {
        PromotionPolicy policy = new PromotionPolicy("auc", true, 0.0);

        PromotionDecision decision = policy.decide(version(2, Map.of("auc", 0.7)),
                Optional.of(version(1, Map.of("auc", 0.7))));

        assertThat(decision.promote()).isFalse();
        assertThat(decision.reason()).contains("no improvement");
    }

    @Test
    void shouldReportGainsOfEveryMetricBothVersionsHave() {
        PromotionPolicy policy = new PromotionPolicy("logloss", false, 0.0);

        Map<String, Double> gains = policy.gains(version(2, Map.of("logloss", 0.2, "auc", 0.9, "new", 1.0)),
                version(1, Map.of("logloss", 0.3, "auc", 0.8)));

        assertThat(gains).containsOnlyKeys("logloss", "auc");
        assertThat(gains.get("logloss")).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(gains.get("auc")).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
    }
}
