package dev.flywheel.drift.stream;

import static dev.flywheel.drift.stream.PredictionFixture.T0;
import static dev.flywheel.drift.stream.PredictionFixture.key;
import static dev.flywheel.drift.stream.PredictionFixture.label;
import static dev.flywheel.drift.stream.PredictionFixture.prediction;
import static dev.flywheel.drift.stream.PredictionFixture.promoted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.drift.detect.ChangeDetector;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftKind;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.topology.spec.ErrorRateDetector;
import dev.flywheel.topology.spec.MonitorSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A concept-drift monitor under {@link TopologyTestDriver}: prediction {@code i} of card {@code card-i} at event
 * time {@code T0 + i s} (its {@code ts} field), every score 0.1 (binary model), its label a minute later (the
 * Kafka timestamp). The label is {@code true} (an error) for 1 in 10 cards, then for 6 in 10 from prediction 500
 * (the change point), then 1 in 10 again from prediction 1,000.
 */
class ConceptDriftTopologyTest {

    private static final long CHANGE = T0.toEpochMilli() + 500_000;
    private static final long BACK = T0.toEpochMilli() + 1_000_000;

    @TempDir
    Path stateDir;

    private MonitorSpec monitor;
    private TopologyTestDriver driver;
    private TestInputTopic<Bytes, GenericRecord> predictions;
    private TestInputTopic<Bytes, GenericRecord> labels;
    private TestInputTopic<String, SpecificRecord> models;
    private TestOutputTopic<String, SpecificRecord> drift;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private int next;

    private void start(ErrorRateDetector detector) {
        start(PredictionFixture.concept(detector, OptionalDouble.empty()));
    }

    private void start(MonitorSpec concept) {
        monitor = concept;
        PredictionFixture fixture = new PredictionFixture(monitor);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test-concept-drift");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DriftTopology.buildTopology(monitor, fixture.spec, fixture.topics,
                new DriftMetrics(meters, monitor.name())), props, T0);
        var p = fixture.topics.predictions(monitor.name());
        predictions = driver.createInputTopic(p.name(), p.keySerde().serializer(), p.valueSerde().serializer());
        var l = fixture.topics.labels(PredictionFixture.LABEL.name());
        labels = driver.createInputTopic(l.name(), l.keySerde().serializer(), l.valueSerde().serializer());
        models = driver.createInputTopic(fixture.topics.models().name(), fixture.topics.models().keySerde().serializer(),
                fixture.topics.models().valueSerde().serializer());
        drift = driver.createOutputTopic(fixture.topics.drift().name(), fixture.topics.drift().keySerde().deserializer(),
                fixture.topics.drift().valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Sends predictions and their labels, {@code errorsInTen} of each ten labelled as errors. */
    private void pairs(int count, int errorsInTen) {
        for (int n = 0; n < count; n++, next++) {
            long time = T0.toEpochMilli() + next * 1000L;
            String card = "card-" + next;
            predictions.pipeInput(key(card), prediction(card, 0.1, time), time);
            labels.pipeInput(key(card), label(card, next % 10 < errorsInTen), time + 60_000);
        }
    }

    private KeyValueStore<String, byte[]> store() {
        return driver.getKeyValueStore(DriftTopology.storeName(monitor.name()));
    }

    private double counter(String outcome) {
        var counter = meters.find("flywheel.drift.records").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @ParameterizedTest
    @EnumSource(ErrorRateDetector.class)
    void shouldOpenOneAlarmAfterTheChangePointAndResolveWhenTheErrorRateFalls(ErrorRateDetector detector) {
        // given 500 pairs at a 10% error rate: nothing
        start(detector);
        pairs(500, 1);
        assertThat(drift.isEmpty()).isTrue();
        // when the error rate rises to 60% for 500 pairs
        pairs(500, 6);
        // then exactly one alarm, after the change point, with the detector's evidence
        List<SpecificRecord> out = drift.readValuesToList();
        assertThat(out).hasSize(1);
        DriftDetected alarm = (DriftDetected) out.get(0);
        assertThat(alarm.getKind()).isEqualTo(DriftKind.CONCEPT);
        assertThat(alarm.getMethod()).isEqualTo(detector.name());
        assertThat(alarm.getScore()).isGreaterThan(alarm.getThreshold());
        // ADWIN within 100 values of the change; Page-Hinkley (lambda 50, a 0.5 rise) needs about 100 to 200
        assertThat(alarm.getWindowEnd().toEpochMilli()).isBetween(CHANGE,
                CHANGE + (detector == ErrorRateDetector.ADWIN ? 100_000 : 250_000));
        assertThat(alarm.getFeatureScores().get("error_rate_before")).isBetween(0.05, 0.2);
        assertThat(alarm.getModel()).isEqualTo("fraud");
        assertThat(alarm.getDriftedShare()).isEqualTo(1.0);
        assertThat(counter("joined")).isEqualTo(1000);
        // when it falls back to 10%
        pairs(500, 1);
        // then the alarm closes, once
        out = drift.readValuesToList();
        assertThat(out).hasSize(1);
        DriftResolved resolved = (DriftResolved) out.get(0);
        assertThat(resolved.getKind()).isEqualTo(DriftKind.CONCEPT);
        assertThat(resolved.getReason()).isEqualTo("BELOW_THRESHOLD");
        assertThat(resolved.getDetectedEventId()).isEqualTo(alarm.getEventId());
        assertThat(resolved.getWindowEnd().toEpochMilli()).isBetween(BACK, BACK + 250_000);
    }

    @Test
    void shouldNotReopenWithinTheCooldown() {
        // given an alarm opened and resolved within a few minutes of event time (cooldown 1 h)
        start(ErrorRateDetector.ADWIN);
        pairs(500, 1);
        pairs(500, 6);
        pairs(500, 1);
        assertThat(drift.readValuesToList()).hasSize(2);
        // when the error rate rises again at once
        pairs(500, 6);
        // then no second alarm
        assertThat(drift.isEmpty()).isTrue();
    }

    @Test
    void shouldCountAnUnmatchedPredictionAndALateLabelWithoutAnError() {
        // given a prediction whose label comes 25 h later (outside the 24 h join window), and one never labelled
        start(ErrorRateDetector.ADWIN);
        long t = T0.toEpochMilli();
        predictions.pipeInput(key("late"), prediction("late", 0.1, t), t);
        predictions.pipeInput(key("lonely"), prediction("lonely", 0.1, t), t);
        labels.pipeInput(key("late"), label("late", true), t + Duration.ofHours(25).toMillis());
        // when stream time passes their windows and grace (the outer join emits the unmatched side then,
        // at most once a wall-clock second)
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        predictions.pipeInput(key("tick"), prediction("tick", 0.1, t + Duration.ofHours(27).toMillis()),
                t + Duration.ofHours(27).toMillis());
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        predictions.pipeInput(key("tock"), prediction("tock", 0.1, t + Duration.ofHours(51).toMillis()),
                t + Duration.ofHours(51).toMillis());
        // then two unmatched predictions and one unmatched label are counted, and no error reached the detector
        assertThat(counter("unmatched_prediction")).isEqualTo(2);
        assertThat(counter("unmatched_label")).isEqualTo(1);
        assertThat(counter("joined")).isZero();
        assertThat(store().get("detector")).isNull();
        assertThat(drift.isEmpty()).isTrue();
    }

    @Test
    void shouldJoinALabelWithinTheSpecsJoinWindowAndNotOneBeyondIt() {
        // given a monitor whose predictions wait 2 h for their labels (join_window: 2h)
        start(PredictionFixture.concept(ErrorRateDetector.ADWIN, OptionalDouble.empty())
                .withJoinWindow(Duration.ofHours(2)));
        long t = T0.toEpochMilli();
        // when one label comes 90 min after its prediction and another 3 h after its own (inside the default 24 h)
        predictions.pipeInput(key("soon"), prediction("soon", 0.1, t), t);
        labels.pipeInput(key("soon"), label("soon", true), t + Duration.ofMinutes(90).toMillis());
        predictions.pipeInput(key("slow"), prediction("slow", 0.1, t), t);
        labels.pipeInput(key("slow"), label("slow", true), t + Duration.ofHours(3).toMillis());
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        predictions.pipeInput(key("tick"), prediction("tick", 0.1, t + Duration.ofHours(6).toMillis()),
                t + Duration.ofHours(6).toMillis());
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        predictions.pipeInput(key("tock"), prediction("tock", 0.1, t + Duration.ofHours(12).toMillis()),
                t + Duration.ofHours(12).toMillis());
        // then the first pair is one error for the detector; the second is an unmatched prediction and label
        assertThat(counter("joined")).isEqualTo(1);
        assertThat(ChangeDetector.decode(store().get("detector")).size()).isEqualTo(1);
        assertThat(counter("unmatched_label")).isEqualTo(1);
        assertThat(counter("unmatched_prediction")).isEqualTo(2);
    }

    @Test
    void shouldCloseTheAlarmAndStartAfreshOnAPromotion() {
        // given an open alarm
        start(ErrorRateDetector.ADWIN);
        pairs(500, 1);
        pairs(300, 6);
        DriftDetected alarm = (DriftDetected) drift.readValue();
        // when a new champion is promoted
        models.pipeInput("fraud/2", promoted(2), T0.toEpochMilli() + 800_000);
        // then the alarm closes with REFERENCE_CHANGED and the detector holds nothing
        DriftResolved resolved = (DriftResolved) drift.readValue();
        assertThat(resolved.getReason()).isEqualTo("REFERENCE_CHANGED");
        assertThat(resolved.getDetectedEventId()).isEqualTo(alarm.getEventId());
        assertThat(ChangeDetector.decode(store().get("detector")).size()).isZero();
        assertThat(store().get("alarm:")).isNull();
        // and the new model's steady 60% is its baseline: no alarm
        pairs(500, 6);
        assertThat(drift.isEmpty()).isTrue();
    }
}
