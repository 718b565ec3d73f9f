package dev.flywheel.topology.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class AdminRetryTest {

    private final AdminRetry retry = new AdminRetry(Duration.ofSeconds(1), 3, Duration.ofMillis(1));

    @Test
    void shouldRetryRetriableErrorsUntilTheCallSucceeds() {
        AtomicInteger attempts = new AtomicInteger();

        String result = retry.call("list topics", timeout -> {
            if (attempts.incrementAndGet() < 3) {
                throw new ExecutionException(new LeaderNotAvailableException("not yet"));
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void shouldGiveUpAfterTheLastAttempt() {
        assertThatThrownBy(() -> retry.call("list topics", timeout -> {
            throw new java.util.concurrent.TimeoutException("no answer");
        })).isInstanceOf(ProvisioningException.class).hasMessageContaining("Cannot list topics after 3 attempts");
    }

    @Test
    void shouldFailAtOnceOnPermanentErrors() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.call("create topics", timeout -> {
            attempts.incrementAndGet();
            throw new ExecutionException(new TopicAuthorizationException("denied"));
        })).isInstanceOf(ProvisioningException.class).hasMessageContaining("Cannot create topics")
                .hasMessageContaining("denied");
        assertThat(attempts).hasValue(1);
    }
}
