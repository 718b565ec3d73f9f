package dev.flywheel.registry;

import static dev.flywheel.registry.Fixtures.artifact;
import static dev.flywheel.registry.Fixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.registry.versions.ModelSummary;
import dev.flywheel.registry.versions.RegistryCommand;
import dev.flywheel.registry.versions.RegistryMetrics;
import dev.flywheel.registry.versions.RejectionReasons;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelRejected;
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

/** Registration from successful trainings, with artifact checks, in {@link RegistryDriver}. */
class RegistryTopologyTest {

    @TempDir
    Path dir;
    private RegistryDriver registry;

    @BeforeEach
    void start() {
        registry = new RegistryDriver(dir.resolve("state"));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void shouldRegisterTheModelOfASuccessfulTrainingAsVersionOneAndPromoteItAsFirstChampion() {
        // given
        Path model = artifact(dir, "model.json", "{\"trees\": 1}");

        // when
        registry.train(succeeded("fraud_detector", "r-1", model, Map.of("auc", 0.91, "logloss", 0.3)));

        // then
        List<KeyValue<String, SpecificRecord>> out = registry.emitted();
        assertThat(out).extracting(kv -> kv.key).containsExactly("fraud_detector/1", "fraud_detector/1",
                "fraud_detector");
        ModelVersion registered = (ModelVersion) out.get(0).value;
        assertThat(registered.getStage()).isEqualTo(ModelStage.STAGING);
        assertThat(registered.getArtifactUri()).isEqualTo(model.toUri().toString());
        assertThat(registered.getSha256()).isEqualTo(Fixtures.sha256("{\"trees\": 1}"));
        assertThat(registered.getFormat()).isEqualTo("xgboost-json");
        assertThat(registered.getMetrics()).containsEntry("auc", 0.91);
        assertThat(registered.getHyperparameters()).containsEntry("eta", "0.1");
        assertThat(registered.getDatasetId()).isEqualTo("ds-r-1");
        assertThat(registered.getRequestId()).isEqualTo("r-1");
        assertThat(registered.getFeatureRefs()).containsExactly("card_spend:txn_count_1h", "card_spend:amount_sum_24h");
        assertThat(registered.getCreatedAt()).isEqualTo(Fixtures.T0);
        assertThat(((ModelVersion) out.get(1).value).getStage()).isEqualTo(ModelStage.PRODUCTION);
        ModelPromoted promoted = (ModelPromoted) out.get(2).value;
        assertThat(promoted.getVersion()).isEqualTo(1);
        assertThat(promoted.getPreviousVersion()).isNull();
        assertThat(promoted.getCauses()).containsExactly(registered.getEventId());
        assertThat(promoted.getManual()).isFalse();
        assertThat(stored(1).getStage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(summary("fraud_detector").champion()).isEqualTo(1);
        assertThat(registry.meters.counter(RegistryMetrics.REGISTRATIONS, "model", "fraud_detector", "outcome",
                "registered").count()).isEqualTo(1.0);
    }

    @Test
    void shouldListTheSuccessfulStatusAsTheCauseOfTheVersion() {
        var status = succeeded("fraud_detector", "r-1", artifact(dir, "m", "x"), Map.of("auc", 0.9));

        registry.train(status);

        assertThat(stored(1).getCauses()).containsExactly(status.getEventId());
    }

    @Test
    void shouldRejectAnArtifactWhoseSha256DoesNotMatch() {
        // given
        Path model = artifact(dir, "model.json", "tampered");
        String reported = Fixtures.sha256("original");

        // when
        registry.train(succeeded("fraud_detector", "r-1", model.toUri().toString(), reported, Map.of("auc", 0.9),
                List.of()));

        // then
        List<KeyValue<String, SpecificRecord>> out = registry.emitted();
        assertThat(out).extracting(kv -> kv.key).containsExactly("fraud_detector/rejected/r-1");
        ModelRejected rejected = (ModelRejected) out.get(0).value;
        assertThat(rejected.getReasonCode()).isEqualTo(RejectionReasons.SHA256_MISMATCH);
        assertThat(rejected.getExpectedSha256()).isEqualTo(reported);
        assertThat(rejected.getActualSha256()).isEqualTo(Fixtures.sha256("tampered"));
        assertThat(rejected.getMessage()).contains(reported, Fixtures.sha256("tampered"));
        assertThat(registry.stores().versions().get("fraud_detector/1")).isNull();
        assertThat(registry.stores().models().get("fraud_detector")).isNull();
        assertThat(registry.meters.counter(RegistryMetrics.REGISTRATIONS, "model", "fraud_detector", "outcome",
                "sha256_mismatch").count()).isEqualTo(1.0);
    }

    @Test
    void shouldRejectAMissingArtifact() {
        registry.train(succeeded("fraud_detector", "r-1", dir.resolve("nowhere.json").toUri().toString(),
                Fixtures.sha256("x"), Map.of("auc", 0.9), List.of()));

        ModelRejected rejected = (ModelRejected) registry.emitted().get(0).value;
        assertThat(rejected.getReasonCode()).isEqualTo(RejectionReasons.ARTIFACT_MISSING);
        assertThat(rejected.getActualSha256()).isNull();
    }

    @Test
    void shouldRejectAnArtifactNoStoreCanRead() {
        registry.train(succeeded("fraud_detector", "r-1", "s3://bucket/model.json", Fixtures.sha256("x"),
                Map.of("auc", 0.9), List.of()));

        ModelRejected rejected = (ModelRejected) registry.emitted().get(0).value;
        assertThat(rejected.getReasonCode()).isEqualTo(RejectionReasons.ARTIFACT_MISSING);
        assertThat(rejected.getMessage()).contains("s3");
    }

    @Test
    void shouldRejectASuccessfulStatusWithoutArtifactUri() {
        registry.train(succeeded("fraud_detector", "r-1", null, Fixtures.sha256("x"), Map.of(), List.of()));

        ModelRejected rejected = (ModelRejected) registry.emitted().get(0).value;
        assertThat(rejected.getReasonCode()).isEqualTo(RejectionReasons.INCOMPLETE_STATUS);
        assertThat(rejected.getMessage()).contains("model_uri");
    }

    @Test
    void shouldRejectAModelTheSpecDoesNotDeclare() {
        registry.train(succeeded("ghost", "r-1", artifact(dir, "m", "x"), Map.of()));

        ModelRejected rejected = (ModelRejected) registry.emitted().get(0).value;
        assertThat(rejected.getReasonCode()).isEqualTo(RejectionReasons.UNKNOWN_MODEL);
    }

    @Test
    void shouldIgnoreTrainingEventsThatAreNotSuccesses() {
        registry.train(Fixtures.running("fraud_detector", "r-1"));
        registry.pipe(Fixtures.requested("fraud_detector", "r-1", List.of()));

        assertThat(registry.emitted()).isEmpty();
    }

    @Test
    void shouldRegisterAReplayedStatusOnlyOnce() {
        var status = succeeded("fraud_detector", "r-1", artifact(dir, "m", "x"), Map.of("auc", 0.9));
        registry.train(status);
        registry.emitted();

        registry.train(status);

        assertThat(registry.emitted()).isEmpty();
        assertThat(summary("fraud_detector").latestVersion()).isEqualTo(1);
    }

    @Test
    void shouldNumberVersionsMonotonicallyPerModel() {
        Path model = artifact(dir, "m", "x");
        registry.train(succeeded("fraud_detector", "a-1", model, Map.of("auc", 0.9)));
        registry.train(succeeded("eta", "b-1", model, Map.of("rmse", 5.0)));
        registry.train(succeeded("fraud_detector", "a-2", model, Map.of("auc", 0.8)));
        registry.train(succeeded("fraud_detector", "a-3", model, Map.of("auc", 0.7)));

        assertThat(summary("fraud_detector").latestVersion()).isEqualTo(3);
        assertThat(summary("eta").latestVersion()).isEqualTo(1);
        assertThat(stored(3).getRequestId()).isEqualTo("a-3");
        assertThat(registry.registry().versions("fraud_detector")).extracting(ModelVersion::getVersion)
                .containsExactly(1, 2, 3);
    }

    @Test
    void shouldApplyAPromoteCommandAndArchiveTheChampion() {
        // given
        Path model = artifact(dir, "m", "x");
        registry.train(succeeded("fraud_detector", "a-1", model, Map.of("auc", 0.9)));
        registry.train(succeeded("fraud_detector", "a-2", model, Map.of("auc", 0.8)));
        registry.emitted();

        // when
        registry.commands.pipeInput("fraud_detector", new RegistryCommand("c-1", RegistryCommand.Type.PROMOTE,
                "fraud_detector", 2, "alice", "canary looked fine", 0));

        // then
        List<KeyValue<String, SpecificRecord>> out = registry.emitted();
        assertThat(out).extracting(kv -> kv.key).containsExactly("fraud_detector/1", "fraud_detector/2",
                "fraud_detector");
        assertThat(((ModelVersion) out.get(0).value).getStage()).isEqualTo(ModelStage.ARCHIVED);
        ModelPromoted promoted = (ModelPromoted) out.get(2).value;
        assertThat(promoted.getManual()).isTrue();
        assertThat(promoted.getActor()).isEqualTo("alice");
        assertThat(promoted.getPreviousVersion()).isEqualTo(1);
        assertThat(promoted.getCauses()).containsExactly("c-1");
        assertThat(promoted.getReason()).contains("alice", "canary looked fine");
        assertThat(promoted.getGain()).isCloseTo(-0.1, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(stored(1).getStage()).isEqualTo(ModelStage.ARCHIVED);
        assertThat(stored(2).getStage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(summary("fraud_detector").previousChampions()).containsExactly(1);
    }

    @Test
    void shouldChangeNothingForACommandThatNoLongerApplies() {
        registry.train(succeeded("fraud_detector", "a-1", artifact(dir, "m", "x"), Map.of("auc", 0.9)));
        registry.emitted();

        registry.commands.pipeInput("fraud_detector", new RegistryCommand("c-1", RegistryCommand.Type.PROMOTE,
                "fraud_detector", 7, "alice", null, 0));
        registry.commands.pipeInput("fraud_detector", new RegistryCommand("c-2", RegistryCommand.Type.ROLLBACK,
                "fraud_detector", null, "alice", null, 0));

        assertThat(registry.emitted()).isEmpty();
        assertThat(summary("fraud_detector").champion()).isEqualTo(1);
        assertThat(registry.meters.counter(RegistryMetrics.COMMANDS, "type", "promote", "applied", "false").count())
                .isEqualTo(1.0);
        assertThat(registry.meters.counter(RegistryMetrics.COMMANDS, "type", "rollback", "applied", "false").count())
                .isEqualTo(1.0);
    }

    private ModelVersion stored(int version) {
        return (ModelVersion) registry.stores().versions().get("fraud_detector/" + version);
    }

    private ModelSummary summary(String model) {
        return registry.stores().models().get(model);
    }
}
