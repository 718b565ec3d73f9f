package dev.flywheel.drift.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.drift.alarm.AlarmGate;
import dev.flywheel.drift.alarm.AlarmState;
import dev.flywheel.topology.spec.MonitorSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The error-rate detectors on the shared fixture ({@code shared/fixtures/drift/abrupt_seed0.txt}: uniform
 * {0,1} up to index 998, uniform {4..7} from 999; MOA's ADWIN finds it at 1023, PageHinkleyDM at 1014 and
 * again at 1685) and on stationary streams.
 */
class ChangeDetectorsTest {

    static double[] fixture() throws IOException {
        return DriftFixture.abruptSeed0();
    }

    static List<Integer> detections(ChangeDetector detector, double[] values) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (detector.add(values[i])) {
                at.add(i);
            }
        }
        return at;
    }

    @Test
    void shouldFindTheFixtureChangeOnceWithAdwinNoLaterThanMoa() throws IOException {
        double[] values = fixture();

        List<Integer> at = detections(new Adwin(Adwin.DEFAULT_DELTA), values);

        assertThat(values).hasSize(2000);
        assertThat(at).hasSize(1);
        assertThat(at.get(0)).isBetween(999, 999 + 24);
    }

    @Test
    void shouldFindTheFixtureChangeWithPageHinkleyAndAlarmOnceUnderTheCooldown() throws IOException {
        // given one value per second and the default one-hour cooldown
        double[] values = fixture();
        AlarmGate gate = new AlarmGate(MonitorSpec.DEFAULT_COOLDOWN);
        AlarmState state = AlarmState.NONE;
        List<Integer> alarms = new ArrayList<>();
        PageHinkley detector = new PageHinkley();
        List<Integer> raw = new ArrayList<>();
        // when
        for (int i = 0; i < values.length; i++) {
            boolean detected = detector.add(values[i]);
            if (detected) {
                raw.add(i);
            }
            long t = i * 1000L;
            switch (gate.decide(state, detected, !detected, t)) {
                case OPEN -> {
                    alarms.add(i);
                    state = new AlarmState(true, "a" + i, t, t, "PAGE_HINKLEY");
                }
                case RESOLVE -> state = state.closed();
                case NONE -> { }
            }
        }
        // then: like MOA's PageHinkleyDM (1014, 1685) it signals again on the stationary tail; the cooldown
        // keeps that from becoming a second alarm
        assertThat(raw.get(0)).isBetween(999, 999 + 24);
        assertThat(raw).hasSizeGreaterThan(1);
        assertThat(alarms).containsExactly(raw.get(0));
    }

    @Test
    void shouldFindADecreaseAsWellAsAnIncrease() {
        double[] values = new double[600];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 300 ? 1 : 0;
        }

        assertThat(detections(new Adwin(0.002), values)).singleElement().satisfies(i -> assertThat(i).isBetween(300, 320));
        assertThat(detections(new PageHinkley(0.005, 20, 30), values)).singleElement()
                .satisfies(i -> assertThat(i).isBetween(300, 360));
    }

    @Test
    void shouldRaiseNoAlarmOnStationaryErrorStreams() {
        // 20 seeded Bernoulli(0.1) error streams of 5,000 predictions: delta 0.002 bounds the false-cut rate.
        int alarms = 0;
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            double[] values = new double[5000];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextDouble() < 0.1 ? 1 : 0;
            }
            alarms += detections(new Adwin(Adwin.DEFAULT_DELTA), values).size();
            alarms += detections(new PageHinkley(), values).size();
        }
        assertThat(alarms).isZero();
    }

    @Test
    void shouldKeepAdwinMemoryLogarithmic() {
        Adwin adwin = new Adwin(0.002);
        Random random = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            adwin.add(random.nextDouble() < 0.2 ? 1 : 0);
        }
        assertThat(adwin.size()).isEqualTo(100_000);
        assertThat(adwin.buckets()).isLessThanOrEqualTo(Adwin.MAX_BUCKETS_PER_SIZE * 17);
        assertThat(adwin.mean()).isBetween(0.19, 0.21);
    }

    @Test
    void shouldRefuseBadParameters() {
        assertThatThrownBy(() -> new Adwin(0)).hasMessageContaining("delta");
        assertThatThrownBy(() -> new PageHinkley(0.005, 0, 30)).hasMessageContaining("lambda");
    }
}
