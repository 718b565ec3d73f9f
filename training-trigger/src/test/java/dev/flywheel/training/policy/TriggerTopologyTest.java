package dev.flywheel.training.policy;

import static dev.flywheel.training.Fixtures.T0;
import static dev.flywheel.training.Fixtures.data;
import static dev.flywheel.training.Fixtures.drift;
import static dev.flywheel.training.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.Severity;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.schemas.events.TriggerKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrain policies in a {@link org.apache.kafka.streams.TopologyTestDriver}: thresholds, coalescing, cooldown,
 * replays, concurrency, new rows, schedule and manual requests. Time is the driver's wall clock, moved by hand.
 */
class TriggerTopologyTest {

    @TempDir
    Path stateDir;
    private PolicyDriver driver;

    @BeforeEach
    void start() {
        driver = new PolicyDriver(stateDir);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldRequestOnceTheCoalescingSpanPassedWhenDriftShareReachesTheMinimum() {
        // given
        driver.drift(drift("d1", 0.42, Severity.HIGH, T0));
        assertThat(driver.requests()).as("held for the coalescing span").isEmpty();

        // when
        driver.advance(Duration.ofSeconds(31));

        // then
        List<TrainingRequested> requests = driver.requests();
        assertThat(requests).hasSize(1);
        TrainingRequested request = requests.get(0);
        assertThat(request.getModel()).isEqualTo("fraud");
        assertThat(request.getCauses()).containsExactly("d1");
        assertThat(request.getTrigger()).isEqualTo(TriggerKind.DRIFT);
        assertThat(request.getRequestId()).isEqualTo(RequestIds.of("fraud", List.of("d1")));
        assertThat(request.getEventId()).isEqualTo(RequestIds.eventId(request.getRequestId()));
        assertThat(request.getReason()).startsWith("drift share 0.42 >= 0.30 on spend_drift");
        assertThat(request.getFeatureRefs()).containsExactly("card_spend:txn_count_1h", "card_spend:amount_sum_24h",
                "card_spend:amount_max_24h");
        assertThat(request.getLabel()).isEqualTo("fraud_labels");
        assertThat(request.getBackend()).isEqualTo("local");
        assertThat(driver.store().get("fraud").active).containsExactly(request.getRequestId());
        assertThat(driver.counted("drift", "requested")).isEqualTo(1);
    }

    @Test
    void shouldIgnoreDriftBelowTheMinimumShareOrSeverity() {
        driver.drift(drift("low-share", 0.2, Severity.HIGH, T0));
        driver.drift(drift("low-severity", 0.9, Severity.LOW, T0));
        driver.advance(Duration.ofMinutes(5));

        assertThat(driver.requests()).isEmpty();
        assertThat(driver.counted("any", "below_threshold")).isEqualTo(2);
    }

    @Test
    void shouldComputeTheShareFromTheDriftedFeaturesWhenTheAlarmHasNone() {
        // one of fraud's three card_spend features drifted: 0.33 >= 0.3
        driver.drift(DriftDetected.newBuilder(drift("d1", 0.5, Severity.HIGH, T0)).setDriftedShare(null).build());
        driver.advance(Duration.ofMinutes(1));

        assertThat(driver.requests()).singleElement()
                .satisfies(r -> assertThat(r.getReason()).startsWith("drift share 0.33 >= 0.30"));
    }

    @Test
    void shouldCoalesceABurstIntoOneRequestListingEveryCause() {
        driver.drift(drift("d1", 0.5, Severity.HIGH, T0));
        driver.advance(Duration.ofSeconds(10));
        driver.drift(drift("d2", 0.6, Severity.HIGH, T0));
        driver.advance(Duration.ofSeconds(10));
        driver.drift(drift("d3", 0.7, Severity.CRITICAL, T0));
        driver.advance(Duration.ofSeconds(11));

        List<TrainingRequested> requests = driver.requests();
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getCauses()).containsExactly("d1", "d2", "d3");
        assertThat(requests.get(0).getRequestId()).isEqualTo(RequestIds.of("fraud", List.of("d3", "d1", "d2")));
    }

    @Test
    void shouldHoldCausesDuringTheCooldownAndRequestWhenItEnds() {
        // given a first request, finished
        driver.drift(drift("d1", 0.5, Severity.HIGH, T0));
        driver.advance(Duration.ofSeconds(31));
        TrainingRequested first = driver.requests().get(0);
        driver.training(first.getRequestId(), status("fraud", first.getRequestId(), TrainingState.SUCCEEDED, T0));

        // when another alarm comes inside the hour
        driver.advance(Duration.ofMinutes(10));
        driver.drift(drift("d2", 0.5, Severity.HIGH, T0));
        driver.advance(Duration.ofMinutes(40));

        // then it waits for the cooldown
        assertThat(driver.requests()).isEmpty();
        driver.advance(Duration.ofMinutes(10));
        assertThat(driver.requests()).singleElement().satisfies(r -> assertThat(r.getCauses()).containsExactly("d2"));
    }

    @Test
    void shouldNeverRequestTwiceForAReplayedEvent() {
        driver.drift(drift("d1", 0.5, Severity.HIGH, T0));
        driver.advance(Duration.ofSeconds(31));
        TrainingRequested first = driver.requests().get(0);
        driver.training(first.getRequestId(), status("fraud", first.getRequestId(), TrainingState.SUCCEEDED, T0));

        // the same alarm and the request itself replayed, long after the cooldown
        driver.advance(Duration.ofHours(2));
        driver.drift(drift("d1", 0.5, Severity.HIGH, T0));
        driver.training(first.getRequestId(), first);
        driver.advance(Duration.ofMinutes(1));

        assertThat(driver.requests()).isEmpty();
        assertThat(driver.store().get("fraud").active).isEmpty();
        assertThat(driver.counted("any", "replayed")).isEqualTo(1);
    }

    @Test
    void shouldWaitForAFreeJobSlotBeyondMaxConcurrent() {
        // given a running request
        driver.drift(drift("d1", 0.5, Severity.HIGH, T0));
        driver.advance(Duration.ofSeconds(31));
        TrainingRequested first = driver.requests().get(0);
        driver.training(first.getRequestId(), status("fraud", first.getRequestId(), TrainingState.RUNNING, T0));

        // when another alarm comes after the cooldown
        driver.advance(Duration.ofHours(2));
        driver.drift(drift("d2", 0.5, Severity.HIGH, T0));
        driver.advance(Duration.ofMinutes(1));

        // then nothing until the running job ends
        assertThat(driver.requests()).isEmpty();
        driver.training(first.getRequestId(), status("fraud", first.getRequestId(), TrainingState.FAILED, T0));
        assertThat(driver.requests()).singleElement().satisfies(r -> assertThat(r.getCauses()).containsExactly("d2"));
    }

    @Test
    void shouldRequestOnceEnoughNewRowsArrivedListingTheirFiles() {
        driver.data(data("f1", 400, T0));
        driver.data(data("f2", 400, T0));
        driver.advance(Duration.ofSeconds(5));
        assertThat(driver.requests()).isEmpty();

        driver.data(data("f3", 300, T0));
        driver.data(data("f3", 300, T0)); // a replay counts once
        driver.advance(Duration.ofSeconds(2));

        List<TrainingRequested> requests = driver.requests();
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getModel()).isEqualTo("rows");
        assertThat(requests.get(0).getTrigger()).isEqualTo(TriggerKind.NEW_DATA);
        assertThat(requests.get(0).getCauses()).containsExactly("f1", "f2", "f3");
        assertThat(requests.get(0).getReason()).isEqualTo("1100 new rows >= 1000 since the last training");
        assertThat(driver.store().get("rows").rowsSinceLast).isZero();
    }

    @Test
    void shouldRequestOnEachScheduleSlotButNotAtFirstSight() {
        driver.advance(Duration.ofSeconds(1));
        assertThat(driver.requests("nightly")).isEmpty();

        driver.advance(Duration.ofHours(1)); // the slot's cause, then the coalescing second
        driver.advance(Duration.ofSeconds(1));
        List<TrainingRequested> requests = driver.requests("nightly");

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.getModel()).isEqualTo("nightly");
            assertThat(r.getTrigger()).isEqualTo(TriggerKind.SCHEDULE);
            assertThat(r.getCauses()).containsExactly("schedule:nightly:2026-05-01T13:00:00Z");
        });
    }

    @Test
    void shouldBookAManualRequestAsRunningAndResetTheRowCount() {
        driver.data(data("f1", 900, T0));
        TrainingRequested manual = TrainingRequests.manual(driver.spec.model("rows").orElseThrow(), "cmd-1", "alice", T0);

        driver.training(manual.getRequestId(), manual);
        driver.data(data("f2", 200, T0));
        driver.advance(Duration.ofMinutes(2));

        assertThat(driver.requests()).isEmpty();
        PolicyState state = driver.store().get("rows");
        assertThat(state.rowsSinceLast).isEqualTo(200);
        assertThat(state.active).containsExactly(manual.getRequestId());
        assertThat(manual.getTrigger()).isEqualTo(TriggerKind.MANUAL);
        assertThat(manual.getRequestedBy()).isEqualTo("alice");
        assertThat(manual.getRequestId()).isEqualTo(RequestIds.of("rows", List.of("cmd-1")));
    }
}
