package dev.flywheel.topology.runtime;

import java.time.Clock;
import java.util.Locale;
import org.apache.kafka.streams.KafkaStreams;

/** Keeps a stage's health: derived from the Kafka Streams state, with the reason of a failure kept. */
final class StageHealth {

    private final Clock clock;
    private volatile Health current;
    private volatile String failure;

    StageHealth(Clock clock) {
        this.clock = clock;
        this.current = new Health(HealthStatus.DOWN, "not started", clock.instant());
    }

    Health current() {
        return current;
    }

    /** Remembers why the client is being shut down, for the DOWN health that follows. */
    void failed(String reason) {
        failure = reason;
    }

    synchronized Health update(KafkaStreams.State state) {
        HealthStatus status = switch (state) {
            case RUNNING -> HealthStatus.UP;
            case CREATED, REBALANCING -> HealthStatus.STARTING;
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> HealthStatus.DOWN;
        };
        String reason = state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (status == HealthStatus.DOWN && failure != null) {
            reason = reason + ": " + failure;
        } else if (state == KafkaStreams.State.ERROR) {
            reason = "error: every stream thread died";
        }
        if (status != current.status() || !reason.equals(current.reason())) {
            current = new Health(status, reason, status == current.status() ? current.since() : clock.instant());
        }
        return current;
    }
}
