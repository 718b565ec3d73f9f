package dev.flywheel.features.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

class RedisBoundaryTest {

    private final List<Duration> sleeps = new ArrayList<>();
    private final OnlineStoreConfig config = OnlineStoreConfig.builder("p").maxAttempts(4)
            .backoff(Duration.ofMillis(100), Duration.ofMillis(250)).build();
    // A Jedis that is never connected: the actions below do not use it, and closing it is a no-op.
    private final RedisBoundary boundary = new RedisBoundary(() -> new Jedis("127.0.0.1", 1), config, sleeps::add);

    @Test
    void shouldRetryRetriableFailuresWithDoublingCappedBackoff() {
        AtomicInteger calls = new AtomicInteger();

        String result = boundary.execute("test", jedis -> {
            if (calls.incrementAndGet() < 4) {
                throw new JedisConnectionException("Connection refused");
            }
            return "ok";
        }, jedis -> null);

        assertThat(result).isEqualTo("ok");
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
    }

    @Test
    void shouldGiveUpAfterMaxAttemptsAsRetriable() {
        OnlineStoreException e = catchThrowableOfType(OnlineStoreException.class, () -> boundary.execute("test", jedis -> {
            throw new JedisConnectionException("Connection refused");
        }, jedis -> null));

        assertThat(e.retriable()).isTrue();
        assertThat(e).hasMessageContaining("after 4 attempts");
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void shouldNotRetryPermanentFailures() {
        AtomicInteger calls = new AtomicInteger();

        OnlineStoreException e = catchThrowableOfType(OnlineStoreException.class, () -> boundary.execute("test", jedis -> {
            calls.incrementAndGet();
            throw new JedisDataException("WRONGTYPE Operation against a key holding the wrong kind of value");
        }, jedis -> null));

        assertThat(e.retriable()).isFalse();
        assertThat(calls).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldReloadScriptAndRetryWithoutWaitingOnNoscript() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger reloads = new AtomicInteger();

        String result = boundary.execute("test", jedis -> {
            if (calls.incrementAndGet() == 1) {
                throw new JedisNoScriptException("NOSCRIPT No matching script.");
            }
            return "ok";
        }, jedis -> reloads.incrementAndGet());

        assertThat(result).isEqualTo("ok");
        assertThat(reloads).hasValue(1);
        assertThat(sleeps).isEmpty();
    }
}
