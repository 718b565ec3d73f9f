package dev.flywheel.registry;

import static dev.flywheel.registry.Fixtures.artifact;
import static dev.flywheel.registry.Fixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelStage;
import dev.flywheel.schemas.events.ModelVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promotion decisions and rollback in {@link RegistryDriver}: the topology's events and stores. */
class PromotionTest {

    @TempDir
    Path dir;
    private RegistryDriver registry;
    private Path model;

    @BeforeEach
    void start() {
        registry = new RegistryDriver(dir.resolve("state"));
        model = artifact(dir, "model.json", "{}");
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private void train(String name, String request, Map<String, Double> metrics) {
        registry.train(succeeded(name, request, model, metrics));
    }

    private ModelPromoted lastPromotion() {
        List<KeyValue<String, SpecificRecord>> out = registry.emitted();
        return out.stream().map(kv -> kv.value).filter(ModelPromoted.class::isInstance).map(ModelPromoted.class::cast)
                .reduce((first, second) -> second).orElse(null);
    }

    private ModelStage stage(String name, int version) {
        return ((ModelVersion) registry.stores().versions().get(name + "/" + version)).getStage();
    }

    private Integer champion(String name) {
        return registry.stores().models().get(name).champion();
    }

    @Test
    void shouldPromoteAChallengerThatBeatsTheChampionByAtLeastMinGain() {
        // given
        train("fraud_detector", "r-1", Map.of("auc", 0.905, "logloss", 0.40));
        registry.emitted();

        // when
        train("fraud_detector", "r-2", Map.of("auc", 0.912, "logloss", 0.35));

        // then
        ModelPromoted promoted = lastPromotion();
        assertThat(promoted.getVersion()).isEqualTo(2);
        assertThat(promoted.getPreviousVersion()).isEqualTo(1);
        assertThat(promoted.getMetric()).isEqualTo("auc");
        assertThat(promoted.getHigherIsBetter()).isTrue();
        assertThat(promoted.getValue()).isEqualTo(0.912);
        assertThat(promoted.getPreviousValue()).isEqualTo(0.905);
        assertThat(promoted.getGain()).isCloseTo(0.007, within(1e-9));
        assertThat(promoted.getGains()).containsKeys("auc", "logloss");
        assertThat(promoted.getGains().get("logloss")).isCloseTo(-0.05, within(1e-9));
        assertThat(promoted.getDatasetId()).isEqualTo("ds-r-2");
        assertThat(promoted.getReason()).contains("0.912", "0.905", "min_gain 0.005");
        assertThat(stage("fraud_detector", 1)).isEqualTo(ModelStage.ARCHIVED);
        assertThat(stage("fraud_detector", 2)).isEqualTo(ModelStage.PRODUCTION);
    }

    @Test
    void shouldPromoteAGainOfExactlyMinGainDespiteFloatingPointNoise() {
        train("fraud_detector", "r-1", Map.of("auc", 0.905));
        train("fraud_detector", "r-2", Map.of("auc", 0.91));

        assertThat(champion("fraud_detector")).isEqualTo(2);
    }

    @Test
    void shouldKeepTheChampionWhenTheGainIsBelowMinGain() {
        // given
        train("fraud_detector", "r-1", Map.of("auc", 0.905));
        registry.emitted();

        // when
        train("fraud_detector", "r-2", Map.of("auc", 0.908));

        // then
        List<KeyValue<String, SpecificRecord>> out = registry.emitted();
        assertThat(out).extracting(kv -> kv.key).containsExactly("fraud_detector/2");
        ModelVersion challenger = (ModelVersion) out.get(0).value;
        assertThat(challenger.getStage()).isEqualTo(ModelStage.STAGING);
        assertThat(challenger.getDescription()).contains("not promoted", "< min_gain 0.005");
        assertThat(champion("fraud_detector")).isEqualTo(1);
    }

    @Test
    void shouldKeepTheChampionOnATieEvenWithZeroMinGain() {
        train("even", "r-1", Map.of("auc", 0.9));
        registry.emitted();

        train("even", "r-2", Map.of("auc", 0.9));

        assertThat(lastPromotion()).isNull();
        assertThat(champion("even")).isEqualTo(1);
        assertThat(stage("even", 2)).isEqualTo(ModelStage.STAGING);
    }

    @Test
    void shouldPromoteAnyImprovementWithZeroMinGain() {
        train("even", "r-1", Map.of("auc", 0.9));
        train("even", "r-2", Map.of("auc", 0.9001));

        assertThat(champion("even")).isEqualTo(2);
    }

    @Test
    void shouldPromoteALowerValueWhenLowerIsBetter() {
        // given
        train("eta", "r-1", Map.of("rmse", 5.0));
        registry.emitted();

        // when
        train("eta", "r-2", Map.of("rmse", 4.8));

        // then
        ModelPromoted promoted = lastPromotion();
        assertThat(promoted.getVersion()).isEqualTo(2);
        assertThat(promoted.getHigherIsBetter()).isFalse();
        assertThat(promoted.getGain()).isCloseTo(0.2, within(1e-9));
        assertThat(promoted.getGains().get("rmse")).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void shouldNotPromoteAHigherValueWhenLowerIsBetter() {
        train("eta", "r-1", Map.of("rmse", 5.0));
        train("eta", "r-2", Map.of("rmse", 6.0));

        assertThat(champion("eta")).isEqualTo(1);
        assertThat(((ModelVersion) registry.stores().versions().get("eta/2")).getDescription())
                .contains("lower is better");
    }

    @Test
    void shouldNotPromoteAChallengerThatReportsNoValueOfTheMetric() {
        train("fraud_detector", "r-1", Map.of("auc", 0.9));
        registry.emitted();

        train("fraud_detector", "r-2", Map.of("logloss", 0.1));

        assertThat(lastPromotion()).isNull();
        assertThat(champion("fraud_detector")).isEqualTo(1);
        assertThat(((ModelVersion) registry.stores().versions().get("fraud_detector/2")).getDescription())
                .contains("reports no auc");
    }

    @Test
    void shouldNotPromoteAChallengerWhoseMetricIsNaN() {
        train("fraud_detector", "r-1", Map.of("auc", 0.9));
        train("fraud_detector", "r-2", Map.of("auc", Double.NaN));

        assertThat(champion("fraud_detector")).isEqualTo(1);
    }

    @Test
    void shouldNotMakeAFirstChampionOfAVersionWithoutTheMetric() {
        train("fraud_detector", "r-1", Map.of("logloss", 0.3));

        assertThat(champion("fraud_detector")).isNull();
        assertThat(stage("fraud_detector", 1)).isEqualTo(ModelStage.STAGING);
    }

    @Test
    void shouldNotReplaceAChampionThatReportsNoValueOfTheMetric() {
        // given a champion promoted by hand without the metric
        train("fraud_detector", "r-1", Map.of("logloss", 0.3));
        registry.registry().promote("fraud_detector", 1, "alice", null);
        registry.emitted();

        // when
        train("fraud_detector", "r-2", Map.of("auc", 0.99));

        // then
        assertThat(champion("fraud_detector")).isEqualTo(1);
        assertThat(((ModelVersion) registry.stores().versions().get("fraud_detector/2")).getDescription())
                .contains("promote by hand");
    }

    @Test
    void shouldPromoteOnlyByHandWhenThePolicyIsNotAutomatic() {
        train("by_hand", "r-1", Map.of("auc", 0.9));
        assertThat(champion("by_hand")).isNull();

        CommandOutcome outcome = registry.registry().promote("by_hand", 1, "bob", "reviewed");

        assertThat(outcome.applied()).isTrue();
        assertThat(champion("by_hand")).isEqualTo(1);
        assertThat(lastPromotion().getMetric()).isEqualTo("auc");
    }

    @Test
    void shouldRollBackToThePreviousChampionAndArchiveTheCurrentOne() {
        // given v1 then v2 as champions
        train("fraud_detector", "r-1", Map.of("auc", 0.90));
        train("fraud_detector", "r-2", Map.of("auc", 0.95));
        registry.emitted();

        // when
        CommandOutcome outcome = registry.registry().rollback("fraud_detector", null, "carol", "v2 misbehaves");

        // then
        assertThat(outcome.applied()).isTrue();
        assertThat(outcome.version()).isEqualTo(1);
        List<KeyValue<String, SpecificRecord>> out = registry.emitted();
        assertThat(out).extracting(kv -> kv.key).containsExactly("fraud_detector/2", "fraud_detector/1",
                "fraud_detector");
        ModelVersion archived = (ModelVersion) out.get(0).value;
        assertThat(archived.getStage()).isEqualTo(ModelStage.ARCHIVED);
        assertThat(archived.getDescription()).contains("rolled back to version 1");
        ModelPromoted promoted = (ModelPromoted) out.get(2).value;
        assertThat(promoted.getRollback()).isTrue();
        assertThat(promoted.getManual()).isTrue();
        assertThat(promoted.getVersion()).isEqualTo(1);
        assertThat(promoted.getPreviousVersion()).isEqualTo(2);
        assertThat(promoted.getActor()).isEqualTo("carol");
        assertThat(stage("fraud_detector", 1)).isEqualTo(ModelStage.PRODUCTION);
        assertThat(registry.stores().models().get("fraud_detector").previousChampions()).isEmpty();
    }

    @Test
    void shouldRefuseASecondRollbackWhenNoEarlierChampionIsLeft() {
        train("fraud_detector", "r-1", Map.of("auc", 0.90));
        train("fraud_detector", "r-2", Map.of("auc", 0.95));
        registry.registry().rollback("fraud_detector", null, "carol", null);

        assertThatThrownBy(() -> registry.registry().rollback("fraud_detector", null, "carol", null))
                .isInstanceOf(RegistryConflictException.class).hasMessageContaining("no earlier champion");
    }

    @Test
    void shouldRollBackThroughSeveralEarlierChampionsMostRecentFirst() {
        train("fraud_detector", "r-1", Map.of("auc", 0.90));
        train("fraud_detector", "r-2", Map.of("auc", 0.92));
        train("fraud_detector", "r-3", Map.of("auc", 0.94));

        assertThat(registry.registry().rollback("fraud_detector", null, "ops", null).version()).isEqualTo(2);
        assertThat(registry.registry().rollback("fraud_detector", null, "ops", null).version()).isEqualTo(1);
        assertThat(champion("fraud_detector")).isEqualTo(1);
        assertThat(stage("fraud_detector", 3)).isEqualTo(ModelStage.ARCHIVED);
        assertThat(stage("fraud_detector", 2)).isEqualTo(ModelStage.ARCHIVED);
    }

    @Test
    void shouldRefuseToPromoteTheChampionOrAnUnknownVersion() {
        train("fraud_detector", "r-1", Map.of("auc", 0.90));

        assertThatThrownBy(() -> registry.registry().promote("fraud_detector", 1, "a", null))
                .isInstanceOf(RegistryConflictException.class);
        assertThatThrownBy(() -> registry.registry().promote("fraud_detector", 9, "a", null))
                .isInstanceOf(RegistryNotFoundException.class);
        assertThatThrownBy(() -> registry.registry().promote("nobody", 1, "a", null))
                .isInstanceOf(RegistryNotFoundException.class);
    }
}
