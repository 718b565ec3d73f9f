package dev.flywheel.drift.stream;

import static dev.flywheel.drift.stream.MonitorFixture.T0;
import static dev.flywheel.drift.stream.MonitorFixture.d1;
import static dev.flywheel.drift.stream.MonitorFixture.d2;
import static dev.flywheel.drift.stream.MonitorFixture.promoted;
import static dev.flywheel.drift.stream.MonitorFixture.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flywheel.drift.alarm.AlarmState;
import dev.flywheel.drift.window.Windowing;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorWindow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One data-drift monitor under {@link TopologyTestDriver}: tumbling count windows of 10 rows, PSI (threshold
 * 0.1), the champion of model {@code fraud} as reference, explicit event times one second apart. Normal rows
 * alternate amount 5/15 and country US/DE, exactly the reference shares (PSI 0); drifted rows have amount 25
 * (the overflow bin) and the same countries, so {@code amount} drifts and {@code country} does not: a drifted
 * share of 0.5, which reaches the default 0.5.
 */
class DriftTopologyTest {

    private static final MonitorSpec MONITOR = MonitorFixture.monitor(new MonitorWindow.Count(10, 10), Duration.ofHours(1));

    @TempDir
    Path stateDir;

    private MonitorFixture fixture;
    private TopologyTestDriver driver;
    private TestInputTopic<String, GenericRecord> rows;
    private TestInputTopic<String, SpecificRecord> models;
    private TestInputTopic<String, DatasetSnapshot> datasets;
    private TestOutputTopic<String, SpecificRecord> drift;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private long clock = T0.toEpochMilli();

    private void start(MonitorSpec monitor) {
        fixture = new MonitorFixture(monitor);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test-drift");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DriftTopology.buildTopology(monitor, fixture.spec, fixture.topics,
                new DriftMetrics(meters, monitor.name())), props, T0);
        var features = fixture.topics.features(MonitorFixture.VIEW);
        rows = driver.createInputTopic(features.name(), features.keySerde().serializer(), features.valueSerde().serializer());
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

    private void champion(int version, DatasetSnapshot snapshot) {
        datasets.pipeInput(snapshot.getDatasetId(), snapshot, clock);
        models.pipeInput(MonitorFixture.MODEL + "/" + version, promoted(version, snapshot.getDatasetId()), clock);
    }

    private void normal(int count) {
        alternating(count, 5.0, 15.0);
    }

    private void alternating(int count, double even, double odd) {
        for (int i = 0; i < count; i++) {
            clock += 1000;
            rows.pipeInput("card-" + i, row("card-" + i, i % 2 == 0 ? even : odd, i % 2 == 0 ? "US" : "DE", clock),
                    clock);
        }
    }

    private void drifted(int count) {
        for (int i = 0; i < count; i++) {
            clock += 1000;
            rows.pipeInput("card-" + i, row("card-" + i, 25.0, i % 2 == 0 ? "US" : "DE", clock), clock);
        }
    }

    private KeyValueStore<String, byte[]> store() {
        return driver.getKeyValueStore(DriftTopology.storeName(MONITOR.name()));
    }

    private AlarmState alarm(String key) {
        byte[] bytes = store().get("alarm:" + key);
        return bytes == null ? AlarmState.NONE : AlarmState.decode(bytes);
    }

    private double counter(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldOpenOneAlarmPerKeyWithItsEvidence() {
        // given
        start(MONITOR);
        champion(1, d1());
        normal(10);
        assertThat(drift.isEmpty()).isTrue();
        // when a window of amount 25 closes, and another one after it
        drifted(10);
        List<org.apache.kafka.streams.test.TestRecord<String, SpecificRecord>> out = drift.readRecordsToList();
        drifted(10);
        // then one alarm for the feature and one for the view, and nothing more while they stay open
        assertThat(out).extracting(org.apache.kafka.streams.test.TestRecord::key)
                .containsExactly("spend_drift/card_spend:amount", "spend_drift");
        assertThat(drift.isEmpty()).isTrue();
        DriftDetected feature = (DriftDetected) out.get(0).value();
        // PSI, all 10 values in the overflow bin: bins 1 and 2 (.5 -> 1e-4) each (1e-4 - .5) ln(1e-4/.5) =
        // (-.4999)(-8.517193) = 4.257745; overflow (1 - 1e-4) ln(1/1e-4) = 9.209419; underflow 0. Total 17.724909.
        assertThat(feature.getMethod()).isEqualTo("PSI");
        assertThat(feature.getScore()).isCloseTo(17.724909, within(1e-5));
        assertThat(feature.getThreshold()).isEqualTo(0.1);
        assertThat(feature.getPValue()).isNull();
        assertThat(feature.getWindowSize()).isEqualTo(10);
        assertThat(feature.getReferenceSize()).isEqualTo(100);
        assertThat(feature.getWindowStart().toEpochMilli()).isEqualTo(T0.toEpochMilli() + 11_000);
        assertThat(feature.getWindowEnd().toEpochMilli()).isEqualTo(T0.toEpochMilli() + 20_000);
        assertThat(feature.getReferenceDatasetId()).isEqualTo("D1");
        assertThat(feature.getModel()).isEqualTo("fraud");
        assertThat(feature.getModelVersion()).isEqualTo(1);
        assertThat(feature.getCauses()).containsExactly("snapshot-D1", "promoted-1");
        assertThat(feature.getTopBins().get(0).getBin()).isEqualTo("[20.0, +inf)");
        assertThat(feature.getTopBins().get(0).getWindowShare()).isEqualTo(1.0);
        assertThat(feature.getDriftedFeatures()).containsExactly("card_spend:amount");
        assertThat(feature.getFeatureScores()).containsOnlyKeys("card_spend:amount", "card_spend:country");
        DriftDetected view = (DriftDetected) out.get(1).value();
        assertThat(view.getFeature()).isNull();
        assertThat(view.getDriftedShare()).isEqualTo(0.5);
        assertThat(view.getScore()).isEqualTo(feature.getScore());
        // and the state store holds both open alarms and the window
        assertThat(alarm("amount").open()).isTrue();
        assertThat(alarm("amount").eventId()).isEqualTo(feature.getEventId());
        assertThat(alarm("").open()).isTrue();
        assertThat(alarm("country")).isEqualTo(AlarmState.NONE);
        assertThat(Windowing.decode(store().get("window")).seen()).isEqualTo(30);
        assertThat(counter("flywheel.drift.alarms", "transition", "opened")).isEqualTo(2);
        // and the latest score of each feature is a gauge beside its threshold
        assertThat(meters.get("flywheel.drift.score").tags("monitor", "spend_drift", "feature", "amount", "method", "PSI")
                .gauge().value()).isCloseTo(17.724909, within(1e-5));
        assertThat(meters.get("flywheel.drift.threshold").tags("feature", "amount").gauge().value()).isEqualTo(0.1);
    }

    @Test
    void shouldResolveWhenAWindowFallsUnderTheBand() {
        start(MONITOR);
        champion(1, d1());
        drifted(10);
        List<SpecificRecord> opened = drift.readValuesToList();

        normal(10);

        List<SpecificRecord> out = drift.readValuesToList();
        assertThat(out).hasSize(2).allSatisfy(event -> assertThat(event).isInstanceOf(DriftResolved.class));
        DriftResolved feature = (DriftResolved) out.get(0);
        assertThat(feature.getDetectedEventId()).isEqualTo(((DriftDetected) opened.get(0)).getEventId());
        assertThat(feature.getCauses()).containsExactly(feature.getDetectedEventId());
        assertThat(feature.getReason()).isEqualTo("BELOW_THRESHOLD");
        assertThat(feature.getScore()).isCloseTo(0, within(1e-12));
        assertThat(feature.getThreshold()).isCloseTo(0.08, within(1e-12));
        assertThat(feature.getWindowSize()).isEqualTo(10);
        assertThat(alarm("amount").open()).isFalse();
        assertThat(alarm("").open()).isFalse();
    }

    @Test
    void shouldNotReopenWithinTheCooldown() {
        // given an alarm opened by the window ending at 10 s and resolved at 20 s (cooldown 1 h)
        start(MONITOR);
        champion(1, d1());
        drifted(10);
        normal(10);
        drift.readValuesToList();
        // when the drift comes back at once
        drifted(10);
        // then nothing: still cooling
        assertThat(drift.isEmpty()).isTrue();
        // when it comes back an hour after the first alarm's window
        clock += Duration.ofHours(1).toMillis();
        normal(10);
        drifted(10);
        // then it opens again
        assertThat(drift.readValuesToList()).hasSize(2).allSatisfy(event -> assertThat(event)
                .isInstanceOf(DriftDetected.class));
    }

    @Test
    void shouldSwitchToTheNewChampionsReferenceWithoutRestart() {
        // given an open alarm against D1
        start(MONITOR);
        champion(1, d1());
        drifted(10);
        drift.readValuesToList();
        normal(5);
        // when the champion trained on D2 (amount in [20, 40)) is promoted
        champion(2, d2());
        // then the open alarms close because the reference changed, and the window starts afresh
        List<SpecificRecord> closed = drift.readValuesToList();
        assertThat(closed).hasSize(2).allSatisfy(event -> assertThat(((DriftResolved) event).getReason())
                .isEqualTo("REFERENCE_CHANGED"));
        assertThat(((DriftResolved) closed.get(0)).getMethod()).isEqualTo("PSI");
        // naming the alarm they close and the new reference's snapshot and promotion, so the switch is on the topic
        assertThat(closed).allSatisfy(event -> assertThat(((DriftResolved) event).getCauses())
                .containsExactly(((DriftResolved) event).getDetectedEventId(), "snapshot-D2", "promoted-2"));
        assertThat(store().get("window")).isNotNull();
        assertThat(Windowing.decode(store().get("window")).seen()).isZero();
        // and amounts of 25/35 are now normal, while 5/15 are the drift
        alternating(10, 25.0, 35.0);
        assertThat(drift.isEmpty()).isTrue();
        normal(10);
        DriftDetected detected = (DriftDetected) drift.readValuesToList().get(0);
        assertThat(detected.getReferenceDatasetId()).isEqualTo("D2");
        assertThat(detected.getModelVersion()).isEqualTo(2);
        assertThat(detected.getTopBins().get(0).getBin()).isEqualTo("(-inf, 20.0)");
    }

    @Test
    void shouldWaitForTheSnapshotOfAPromotionThatComesFirst() {
        start(MONITOR);
        models.pipeInput("fraud/1", promoted(1, "D1"), clock);
        normal(10);
        assertThat(counter("flywheel.drift.records", "outcome", "unreferenced")).isEqualTo(10);

        datasets.pipeInput("D1", d1(), clock);
        drifted(10);

        assertThat(drift.readValuesToList()).hasSize(2);
        assertThat(store().get("reference")).isNotNull();
    }

    @Test
    void shouldUseAnExplicitReferenceDatasetAndIgnorePromotions() {
        // given a monitor pinned to D2
        MonitorSpec pinned = new MonitorSpec(MONITOR.name(), MONITOR.target(), MONITOR.model(), java.util.Optional.of("D2"),
                MONITOR.window(), MONITOR.method(), MONITOR.threshold(), MONITOR.driftShare(), MONITOR.features(),
                MONITOR.detector(), MONITOR.cooldown());
        start(pinned);
        datasets.pipeInput("D2", d2(), clock);
        // when the champion trained on D1 is promoted
        champion(1, d1());
        alternating(10, 25.0, 35.0);
        // then D2 stays the reference: 25/35 is normal, 5/15 drifts
        assertThat(drift.isEmpty()).isTrue();
        normal(10);
        DriftDetected detected = (DriftDetected) drift.readValuesToList().get(0);
        assertThat(detected.getReferenceDatasetId()).isEqualTo("D2");
        assertThat(detected.getModel()).isNull();
        assertThat(detected.getCauses()).containsExactly("snapshot-D2");
    }

    @Test
    void shouldCountLateRowsOfATimeWindowAndKeepThemOut() {
        // given windows of 10 s sliding by 5 s
        MonitorSpec monitor = MonitorFixture.monitor(new MonitorWindow.Time(Duration.ofSeconds(10),
                Duration.ofSeconds(5)), Duration.ofHours(1));
        start(monitor);
        champion(1, d1());
        normal(20);
        // when a row 30 s older than stream time arrives
        rows.pipeInput("late", row("late", 25.0, "US", clock - 30_000), clock - 30_000);
        // then it is counted as late and no window sees it
        assertThat(counter("flywheel.drift.records", "outcome", "late")).isEqualTo(1);
        assertThat(counter("flywheel.drift.windows", "monitor", monitor.name())).isGreaterThan(0);
        assertThat(drift.isEmpty()).isTrue();
    }
}
