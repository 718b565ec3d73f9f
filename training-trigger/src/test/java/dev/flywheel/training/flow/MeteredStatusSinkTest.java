package dev.flywheel.training.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MeteredStatusSinkTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<TrainingJobStatus> published = new ArrayList<>();

    private static TrainingJobStatus status(TrainingState state, Instant finishedAt) {
        return TrainingJobStatus.newBuilder().setEventId("e-" + state).setOccurredAt(T0).setRequestId("r-1")
                .setModel("fraud").setJobName("job-r-1").setBackend("local").setState(state).setStartedAt(T0)
                .setFinishedAt(finishedAt).build();
    }

    @Test
    void shouldCountEachStateAndTimeFinishedJobs() {
        StatusSink sink = new MeteredStatusSink(published::add, meters);

        sink.publish(status(TrainingState.SUBMITTED, null));
        sink.publish(status(TrainingState.RUNNING, null));
        sink.publish(status(TrainingState.SUCCEEDED, T0.plusSeconds(90)));

        assertThat(published).hasSize(3);
        assertThat(meters.get(MeteredStatusSink.JOBS).tags("model", "fraud", "state", "running").counter().count())
                .isEqualTo(1);
        assertThat(meters.get(MeteredStatusSink.JOBS).tags("state", "succeeded").counter().count()).isEqualTo(1);
        var duration = meters.get(MeteredStatusSink.DURATION).tags("model", "fraud", "state", "succeeded").timer();
        assertThat(duration.count()).isEqualTo(1);
        assertThat(duration.totalTime(TimeUnit.SECONDS)).isEqualTo(90);
        assertThat(meters.find(MeteredStatusSink.DURATION).tags("state", "running").timer()).isNull();
    }

    @Test
    void shouldNotCountAStatusThatCouldNotBePublished() {
        StatusSink sink = new MeteredStatusSink(status -> {
            throw new IllegalStateException("broker down");
        }, meters);

        assertThatThrownBy(() -> sink.publish(status(TrainingState.FAILED, T0.plusSeconds(5))))
                .hasMessageContaining("broker down");
        assertThat(meters.find(MeteredStatusSink.JOBS).counter()).isNull();
    }
}
