package dev.flywheel.topology.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class StageHealthTest {

    private final StageHealth health = new StageHealth(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    @Test
    void shouldBeDownBeforeStart() {
        assertThat(health.current().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(health.current().reason()).isEqualTo("not started");
    }

    @Test
    void shouldMapKafkaStreamsStatesToHealth() {
        assertThat(health.update(KafkaStreams.State.CREATED).status()).isEqualTo(HealthStatus.STARTING);
        assertThat(health.update(KafkaStreams.State.REBALANCING).status()).isEqualTo(HealthStatus.STARTING);
        assertThat(health.update(KafkaStreams.State.RUNNING).isUp()).isTrue();
        assertThat(health.update(KafkaStreams.State.PENDING_SHUTDOWN).status()).isEqualTo(HealthStatus.DOWN);
        assertThat(health.update(KafkaStreams.State.NOT_RUNNING).reason()).isEqualTo("not running");
    }

    @Test
    void shouldKeepTheReasonOfAFailureWhenDown() {
        health.update(KafkaStreams.State.RUNNING);
        health.failed("permanent error in a stream thread: IllegalStateException: bug");

        Health down = health.update(KafkaStreams.State.PENDING_ERROR);

        assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(down.reason()).isEqualTo("pending error: permanent error in a stream thread: IllegalStateException: bug");
    }
}
