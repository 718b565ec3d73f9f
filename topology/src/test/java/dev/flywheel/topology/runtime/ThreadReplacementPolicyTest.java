package dev.flywheel.topology.runtime;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class ThreadReplacementPolicyTest {

    private final MutableClock clock = new MutableClock();
    private final List<String> shutdownReasons = new ArrayList<>();
    private final ThreadReplacementPolicy policy = new ThreadReplacementPolicy("ingestion", 2, Duration.ofMinutes(10),
            clock, shutdownReasons::add);

    @Test
    void shouldReplaceThreadOnTransientErrorInCauseChain() {
        assertThat(policy.handle(new StreamsException(new TimeoutException("broker slow")))).isEqualTo(REPLACE_THREAD);
        assertThat(shutdownReasons).isEmpty();
    }

    @Test
    void shouldShutDownOnPermanentErrorWithItsReason() {
        assertThat(policy.handle(new StreamsException(new IllegalStateException("bug")))).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(shutdownReasons).singleElement().asString()
                .contains("permanent error", "IllegalStateException: bug");
    }

    @Test
    void shouldShutDownWhenTransientErrorsExceedTheBudget() {
        policy.handle(new TimeoutException("1"));
        policy.handle(new TimeoutException("2"));

        assertThat(policy.handle(new TimeoutException("3"))).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(shutdownReasons).singleElement().asString().contains("2 stream threads replaced within PT10M");
    }

    @Test
    void shouldForgetReplacementsOlderThanTheWindow() {
        policy.handle(new TimeoutException("1"));
        policy.handle(new TimeoutException("2"));
        clock.advance(Duration.ofMinutes(11));

        assertThat(policy.handle(new TimeoutException("3"))).isEqualTo(REPLACE_THREAD);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
