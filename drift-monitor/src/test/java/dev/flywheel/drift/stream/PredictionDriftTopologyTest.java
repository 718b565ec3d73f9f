package dev.flywheel.drift.stream;

import static dev.flywheel.drift.stream.PredictionFixture.T0;
import static dev.flywheel.drift.stream.PredictionFixture.key;
import static dev.flywheel.drift.stream.PredictionFixture.prediction;
import static dev.flywheel.drift.stream.PredictionFixture.promoted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftKind;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorWindow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prediction-drift monitor under {@link TopologyTestDriver}: tumbling windows of 100 predictions, method
 * {@code auto}, a reference of the first 1,000 predictions. Event times come from the {@code ts} field, one
 * second apart; the Kafka timestamps are all {@code T0}, so a window bound taken from them would show.
 * Normal scores cycle through 0.005, 0.015, ..., 0.995 (the reference's deciles); shifted scores lie in
 * [0.95, 1), all in the reference's top bin.
 */
class PredictionDriftTopologyTest {

    private static final MonitorSpec MONITOR = PredictionFixture.prediction(new MonitorWindow.Count(100, 100));

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<Bytes, GenericRecord> predictions;
    private TestInputTopic<String, SpecificRecord> models;
    private TestInputTopic<String, DatasetSnapshot> datasets;
    private TestOutputTopic<String, SpecificRecord> drift;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private long clock = T0.toEpochMilli();

    private void start(MonitorSpec monitor) {
        PredictionFixture fixture = new PredictionFixture(monitor);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test-prediction-drift");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DriftTopology.buildTopology(monitor, fixture.spec, fixture.topics,
                new DriftMetrics(meters, monitor.name())), props, T0);
        var topic = fixture.topics.predictions(monitor.name());
        predictions = driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
        models = driver.createInputTopic(fixture.topics.models().name(), fixture.topics.models().keySerde().serializer(),
                fixture.topics.models().valueSerde().serializer());
        datasets = driver.createInputTopic(fixture.topics.datasets().name(),
                fixture.topics.datasets().keySerde().serializer(), fixture.topics.datasets().valueSerde().serializer());
        drift = driver.createOutputTopic(fixture.topics.drift().name(), fixture.topics.drift().keySerde().deserializer(),
                fixture.topics.drift().valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void normal(int count) {
        for (int i = 0; i < count; i++) {
            send((i % 100 + 0.5) / 100);
        }
    }

    private void shifted(int count) {
        for (int i = 0; i < count; i++) {
            send(0.95 + (i % 10) / 200.0);
        }
    }

    private void send(double score) {
        clock += 1000;
        predictions.pipeInput(key("card"), prediction("card", score, clock), T0.toEpochMilli());
    }

    private KeyValueStore<String, byte[]> store() {
        return driver.getKeyValueStore(DriftTopology.storeName(MONITOR.name()));
    }

    private double counter(String outcome) {
        var counter = meters.find("flywheel.drift.records").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldFreezeTheReferenceFromTheFirstPredictionsAndAlarmOnceOnAShift() {
        start(MONITOR);
        // given the first 1,000 predictions (the reference) and a window like them
        normal(1000);
        normal(100);
        assertThat(drift.isEmpty()).isTrue();
        assertThat(counter("reference")).isEqualTo(1000);
        assertThat(store().get("refcount")).isNull();
        // when two windows of shifted scores close
        shifted(100);
        List<SpecificRecord> out = drift.readValuesToList();
        shifted(100);
        // then one alarm, of the monitor's one signal, with the evidence of a KS test on the frozen bins
        assertThat(out).hasSize(1);
        DriftDetected alarm = (DriftDetected) out.get(0);
        assertThat(alarm.getKind()).isEqualTo(DriftKind.PREDICTION);
        assertThat(alarm.getView()).isNull();
        assertThat(alarm.getFeature()).isEqualTo("predictions:score");
        assertThat(alarm.getMethod()).isEqualTo("KS");
        assertThat(alarm.getPValue()).isLessThan(0.05);
        assertThat(alarm.getDriftedShare()).isEqualTo(1.0);
        assertThat(alarm.getReferenceSize()).isEqualTo(1000);
        assertThat(alarm.getWindowSize()).isEqualTo(100);
        assertThat(alarm.getReferenceDatasetId()).isEqualTo("predictions:score_drift:start");
        // event time from the 'ts' field: predictions 1,101..1,200
        assertThat(alarm.getWindowStart().toEpochMilli()).isEqualTo(T0.toEpochMilli() + 1_101_000);
        assertThat(alarm.getWindowEnd().toEpochMilli()).isEqualTo(T0.toEpochMilli() + 1_200_000);
        // KS's bins are ranked by their CDF gap: the largest, D = 0.9, at the top edge below the shifted scores
        assertThat(alarm.getTopBins().get(0).getBin()).isEqualTo("[0.805, 0.905)");
        assertThat(alarm.getTopBins().get(0).getContribution()).isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(drift.isEmpty()).isTrue();
        // when the scores come back, the alarm closes
        normal(100);
        DriftResolved resolved = (DriftResolved) drift.readValue();
        assertThat(resolved.getKind()).isEqualTo(DriftKind.PREDICTION);
        assertThat(resolved.getDetectedEventId()).isEqualTo(alarm.getEventId());
        assertThat(resolved.getReason()).isEqualTo("BELOW_THRESHOLD");
    }

    @Test
    void shouldFreezeANewReferenceAfterAPromotion() {
        start(MONITOR);
        // given an open alarm against the first predictions
        normal(1000);
        shifted(100);
        DriftDetected alarm = (DriftDetected) drift.readValue();
        // when the champion changes
        models.pipeInput("fraud/2", promoted(2), clock);
        // then the alarm closes, and the next 1,000 predictions (shifted: the new model scores higher) are the
        // reference, so shifted windows no longer drift and normal ones do
        DriftResolved resolved = (DriftResolved) drift.readValue();
        assertThat(resolved.getReason()).isEqualTo("REFERENCE_CHANGED");
        assertThat(resolved.getDetectedEventId()).isEqualTo(alarm.getEventId());
        assertThat(store().get("reference")).isNull();
        shifted(1000);
        shifted(100);
        assertThat(drift.isEmpty()).isTrue();
        normal(100);
        DriftDetected next = (DriftDetected) drift.readValue();
        assertThat(next.getReferenceDatasetId()).isEqualTo("predictions:score_drift:fraud:v2");
        assertThat(next.getModel()).isEqualTo("fraud");
        assertThat(next.getModelVersion()).isEqualTo(2);
        assertThat(next.getCauses()).contains("promoted-2");
        // and a replayed promotion of the same version changes nothing
        models.pipeInput("fraud/2", promoted(2), clock);
        assertThat(drift.isEmpty()).isTrue();
        assertThat(store().get("reference")).isNotNull();
    }

    @Test
    void shouldTakeTheReferenceFromAnExplicitDatasetAndIgnorePromotions() {
        // given a monitor pinned to dataset R1, whose snapshot profiles predictions:score (uniform deciles)
        start(PredictionFixture.pinned(new MonitorWindow.Count(100, 100), "R1"));
        // when predictions come before the snapshot, they are not compared and not frozen into a reference
        normal(50);
        assertThat(counter("unreferenced")).isEqualTo(50);
        assertThat(counter("reference")).isZero();
        assertThat(store().get("refcount")).isNull();
        datasets.pipeInput("R1", PredictionFixture.scored("R1", 0.0, 0.1), clock);
        normal(100);
        assertThat(drift.isEmpty()).isTrue();
        shifted(100);
        // then one alarm against R1's profile of the predictions (its other profile is not watched)
        DriftDetected alarm = (DriftDetected) drift.readValue();
        assertThat(alarm.getReferenceDatasetId()).isEqualTo("R1");
        assertThat(alarm.getReferenceSize()).isEqualTo(1000);
        assertThat(alarm.getFeature()).isEqualTo("predictions:score");
        assertThat(alarm.getFeatureScores()).containsOnlyKeys("predictions:score");
        assertThat(alarm.getCauses()).containsExactly("snapshot-R1");
        assertThat(alarm.getModel()).isNull();
        // and a promotion changes nothing: the alarm closes only when the scores come back
        models.pipeInput("fraud/2", promoted(2), clock);
        assertThat(drift.isEmpty()).isTrue();
        normal(100);
        DriftResolved resolved = (DriftResolved) drift.readValue();
        assertThat(resolved.getReason()).isEqualTo("BELOW_THRESHOLD");
        assertThat(counter("reference")).isZero();
    }

    @Test
    void shouldUseTheChampionsSnapshotWhenItProfilesThePredictions() {
        // given a reference frozen from the first predictions, and the snapshot D2 of scored data (high scores)
        start(MONITOR);
        normal(1000);
        datasets.pipeInput("D2", PredictionFixture.scored("D2", 0.945, 0.005), clock);
        // when the champion trained on D2 is promoted
        models.pipeInput("fraud/2", promoted(2), clock);
        // then D2 is the reference at once, without waiting for 1,000 new predictions
        shifted(100);
        assertThat(drift.isEmpty()).isTrue();
        assertThat(counter("reference")).isEqualTo(1000);
        normal(100);
        DriftDetected alarm = (DriftDetected) drift.readValue();
        assertThat(alarm.getReferenceDatasetId()).isEqualTo("D2");
        assertThat(alarm.getModel()).isEqualTo("fraud");
        assertThat(alarm.getModelVersion()).isEqualTo(2);
        assertThat(alarm.getCauses()).containsExactly("snapshot-D2", "promoted-2");
    }

    @Test
    void shouldReplaceAReferenceBeingFrozenWhenTheChampionsSnapshotArrives() {
        // given a promotion whose snapshot has not arrived: the next predictions are being kept as the reference
        start(MONITOR);
        normal(1000);
        models.pipeInput("fraud/3", promoted(3), clock);
        shifted(500);
        assertThat(counter("reference")).isEqualTo(1500);
        // when the snapshot D3 (which profiles the predictions) arrives
        datasets.pipeInput("D3", PredictionFixture.scored("D3", 0.945, 0.005), clock);
        // then it is the reference, and the predictions kept so far are dropped
        assertThat(store().get("refcount")).isNull();
        shifted(100);
        assertThat(drift.isEmpty()).isTrue();
        normal(100);
        DriftDetected alarm = (DriftDetected) drift.readValue();
        assertThat(alarm.getReferenceDatasetId()).isEqualTo("D3");
        assertThat(alarm.getModelVersion()).isEqualTo(3);
    }
}
