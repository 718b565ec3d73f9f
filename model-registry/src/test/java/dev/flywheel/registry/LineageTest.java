package dev.flywheel.registry;

import static dev.flywheel.registry.Fixtures.artifact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.registry.lineage.Lineage;
import dev.flywheel.registry.lineage.LineageNode;
import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lineage index and walk in {@link RegistryDriver}. */
class LineageTest {

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
    void shouldWalkFromAVersionBackToTheDriftAndNewDataThatCausedIt() {
        // given a full chain of events
        DriftDetected drift = Fixtures.drift();
        DataAvailable data = Fixtures.dataAvailable();
        TrainingRequested request = Fixtures.requested("fraud_detector", "r-1", List.of(drift.getEventId(),
                data.getEventId()));
        DatasetSnapshot dataset = Fixtures.dataset("ds-r-1", "r-1", List.of(request.getEventId()));
        TrainingJobStatus status = Fixtures.succeeded("fraud_detector", "r-1",
                artifact(dir, "m", "x").toUri().toString(), Fixtures.sha256("x"), Map.of("auc", 0.9),
                List.of(request.getEventId(), dataset.getEventId()));
        List.of(drift, data, request, dataset).forEach(registry::pipe);

        // when
        registry.train(status);
        Lineage lineage = registry.registry().lineage("fraud_detector", 1);

        // then
        assertThat(lineage.events()).extracting(LineageNode::type).containsExactly("TrainingJobStatus",
                "TrainingRequested", "DatasetSnapshot", "DriftDetected", "DataAvailable");
        assertThat(lineage.roots()).containsExactlyInAnyOrder(drift.getEventId(), data.getEventId());
        assertThat(lineage.featureViews()).containsExactly("card_spend");
        assertThat(lineage.features()).containsExactly("card_spend:amount_sum_24h", "card_spend:txn_count_1h");
        assertThat(lineage.missing()).isEmpty();
        assertThat(lineage.datasetId()).isEqualTo("ds-r-1");
        assertThat(lineage.requestId()).isEqualTo("r-1");
        LineageNode alarm = lineage.eventsOf("DriftDetected").get(0);
        assertThat(alarm.attribute("monitor")).isEqualTo("card_spend_drift");
        assertThat(alarm.attribute("score")).isEqualTo("0.4");
        assertThat(alarm.occurredAt()).isEqualTo(Fixtures.T0.toEpochMilli());
        assertThat(lineage.eventsOf("TrainingRequested").get(0).attribute("trigger")).isEqualTo("DRIFT");
    }

    @Test
    void shouldNotFollowTheCausesOfADriftAlarmIntoEarlierTurnsOfTheLoop() {
        DriftDetected drift = Fixtures.drift();
        TrainingRequested request = Fixtures.requested("fraud_detector", "r-1", List.of(drift.getEventId()));
        List.of(drift, request).forEach(registry::pipe);

        registry.train(Fixtures.succeeded("fraud_detector", "r-1", artifact(dir, "m", "x").toUri().toString(),
                Fixtures.sha256("x"), Map.of(), List.of(request.getEventId())));

        Lineage lineage = registry.registry().lineage("fraud_detector", 1);
        assertThat(lineage.missing()).doesNotContain("an-earlier-dataset-event");
        assertThat(lineage.roots()).containsExactly(drift.getEventId());
    }

    @Test
    void shouldFindTheRequestAndDatasetByIdWhenTheStatusListsNoCauses() {
        TrainingRequested request = Fixtures.requested("fraud_detector", "r-1", List.of());
        DatasetSnapshot dataset = Fixtures.dataset("ds-r-1", "r-1", List.of());
        List.of(request, dataset).forEach(registry::pipe);

        registry.train(Fixtures.succeeded("fraud_detector", "r-1", artifact(dir, "m", "x"), Map.of()));

        Lineage lineage = registry.registry().lineage("fraud_detector", 1);
        assertThat(lineage.events()).extracting(LineageNode::type).contains("TrainingRequested", "DatasetSnapshot");
        assertThat(lineage.missing()).isEmpty();
    }

    @Test
    void shouldReportCausesItCannotFind() {
        registry.train(Fixtures.succeeded("fraud_detector", "r-9", artifact(dir, "m", "x").toUri().toString(),
                Fixtures.sha256("x"), Map.of(), List.of("gone-1")));

        Lineage lineage = registry.registry().lineage("fraud_detector", 1);

        assertThat(lineage.missing()).contains("gone-1", "request:r-9", "dataset:ds-r-9");
        assertThat(lineage.featureViews()).containsExactly("card_spend");
    }

    @Test
    void shouldRefuseTheLineageOfAnUnknownVersion() {
        assertThatThrownBy(() -> registry.registry().lineage("fraud_detector", 4))
                .isInstanceOf(RegistryNotFoundException.class).hasMessageContaining("no version 4");
    }
}
