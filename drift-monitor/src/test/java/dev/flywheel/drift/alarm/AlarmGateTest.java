package dev.flywheel.drift.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.drift.alarm.AlarmGate.Transition;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlarmGateTest {

    private final AlarmGate gate = new AlarmGate(Duration.ofMinutes(10));
    private final AlarmState open = new AlarmState(true, "e1", 5, 0, "PSI");

    @Test
    void shouldOpenOnceAndStayOpenWhileAboveTheBand() {
        assertThat(gate.decide(AlarmState.NONE, true, false, 0)).isEqualTo(Transition.OPEN);
        assertThat(gate.decide(open, true, false, 60_000)).isEqualTo(Transition.NONE);
        // under the threshold but inside the hysteresis band: still open
        assertThat(gate.decide(open, false, false, 120_000)).isEqualTo(Transition.NONE);
        assertThat(gate.decide(open, false, true, 180_000)).isEqualTo(Transition.RESOLVE);
    }

    @Test
    void shouldNotReopenWithinTheCooldown() {
        AlarmState closed = open.closed();

        assertThat(gate.decide(closed, true, false, 599_999)).isEqualTo(Transition.NONE);
        assertThat(gate.decide(closed, true, false, 600_000)).isEqualTo(Transition.OPEN);
    }

    @Test
    void shouldPlaceTheHysteresisBandBelowADistanceAndAboveAPValue() {
        // distance 0.1: closes under 0.08
        assertThat(AlarmGate.cleared(0.081, 0.1, false)).isFalse();
        assertThat(AlarmGate.cleared(0.079, 0.1, false)).isTrue();
        // p-value 0.05: closes over 0.1
        assertThat(AlarmGate.cleared(0.09, 0.05, true)).isFalse();
        assertThat(AlarmGate.cleared(0.11, 0.05, true)).isTrue();
        // p-value 0.5: the band is capped at (1 + 0.5) / 2 = 0.75
        assertThat(AlarmGate.cleared(0.76, 0.5, true)).isTrue();
    }

    @Test
    void shouldRoundTripTheState() {
        assertThat(AlarmState.decode(open.encode())).isEqualTo(open);
        assertThat(AlarmState.decode(AlarmState.NONE.encode())).isEqualTo(AlarmState.NONE);
    }

    @Test
    void shouldOpenOnARiseAndCloseOnAFallOfAnErrorRate() {
        AlarmGate hourly = new AlarmGate(Duration.ofHours(1));
        AlarmState rateAlarm = new AlarmState(true, "a", 0, 1000, "ADWIN");

        assertThat(hourly.decideOnChange(AlarmState.NONE, 1, 1000)).isEqualTo(Transition.OPEN);
        assertThat(hourly.decideOnChange(AlarmState.NONE, -1, 1000)).isEqualTo(Transition.NONE);
        assertThat(hourly.decideOnChange(rateAlarm, 1, 2000)).isEqualTo(Transition.NONE);
        assertThat(hourly.decideOnChange(rateAlarm, -1, 2000)).isEqualTo(Transition.RESOLVE);
        // a rise within the hour after the last alarm opened does not reopen it; one after the hour does
        assertThat(hourly.decideOnChange(rateAlarm.closed(), 1, 3_000_000)).isEqualTo(Transition.NONE);
        assertThat(hourly.decideOnChange(rateAlarm.closed(), 1, 3_601_000)).isEqualTo(Transition.OPEN);
    }
}
