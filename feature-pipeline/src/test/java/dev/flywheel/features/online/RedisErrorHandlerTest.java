package dev.flywheel.features.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.features.online.RedisErrorHandler.Decision;
import java.net.SocketTimeoutException;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

class RedisErrorHandlerTest {

    @Test
    void shouldRetryConnectionFailuresTimeoutsAndAnExhaustedPool() {
        assertThat(RedisErrorHandler.classify(new JedisConnectionException("Connection refused"))).isEqualTo(Decision.RETRIABLE);
        assertThat(RedisErrorHandler.classify(new JedisConnectionException(new SocketTimeoutException("Read timed out"))))
                .isEqualTo(Decision.RETRIABLE);
        assertThat(RedisErrorHandler.classify(new JedisException("Could not get a resource from the pool",
                new NoSuchElementException("Timeout waiting for idle object")))).isEqualTo(Decision.RETRIABLE);
    }

    @Test
    void shouldRetryServerRepliesThatPass() {
        assertThat(RedisErrorHandler.classify(new JedisBusyException("BUSY Redis is busy running a script"))).isEqualTo(Decision.RETRIABLE);
        assertThat(RedisErrorHandler.classify(new JedisDataException("LOADING Redis is loading the dataset in memory")))
                .isEqualTo(Decision.RETRIABLE);
        assertThat(RedisErrorHandler.classify(new JedisDataException("READONLY You can't write against a read only replica.")))
                .isEqualTo(Decision.RETRIABLE);
    }

    @Test
    void shouldReloadTheScriptOnNoscript() {
        assertThat(RedisErrorHandler.classify(new JedisNoScriptException("NOSCRIPT No matching script."))).isEqualTo(Decision.SCRIPT_MISSING);
        assertThat(RedisErrorHandler.classify(new JedisDataException("NOSCRIPT No matching script."))).isEqualTo(Decision.SCRIPT_MISSING);
    }

    @Test
    void shouldGiveUpAtOnceOnWrongTypeAuthAndScriptErrors() {
        assertThat(RedisErrorHandler.classify(new JedisDataException(
                "WRONGTYPE Operation against a key holding the wrong kind of value"))).isEqualTo(Decision.PERMANENT);
        assertThat(RedisErrorHandler.classify(new JedisAccessControlException("WRONGPASS invalid username-password pair")))
                .isEqualTo(Decision.PERMANENT);
        assertThat(RedisErrorHandler.classify(new JedisDataException("NOAUTH Authentication required."))).isEqualTo(Decision.PERMANENT);
        assertThat(RedisErrorHandler.classify(new JedisDataException("ERR Error running script"))).isEqualTo(Decision.PERMANENT);
        assertThat(RedisErrorHandler.classify(new IllegalStateException("bug"))).isEqualTo(Decision.PERMANENT);
    }
}
