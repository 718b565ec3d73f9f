package dev.flywheel.platform.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.platform.PortInUseException;
import dev.flywheel.platform.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Runs each behaviour against both binaries: the system's {@code redis-server} (skipped, with a message,
 * where it is not installed; {@code .ci/run} installs it) and the one shipped in embedded-redis. Each
 * server starts in milliseconds, so every test owns its servers.
 */
class EmbeddedRedisIT {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = RedisBinary.class, names = {"SYSTEM", "EMBEDDED"})
    void shouldAnswerCommandsStopCleanlyAndStartAgainInSameJvm(RedisBinary binary) {
        assumeAvailable(binary);
        EmbeddedRedis redis = EmbeddedRedis.builder().port(0).binary(binary).build();

        // given a started server
        redis.start();
        int port = redis.port();
        long pid = redis.pid();
        Path dataDir = redis.dataDirectory();
        assertThat(redis.binaryInUse()).isEqualTo(binary);
        assertThat(redis.version()).startsWith(binary == RedisBinary.EMBEDDED ? "6." : "");
        try (Jedis jedis = new Jedis(redis.host(), port)) {
            // then it answers strings and hashes
            assertThat(jedis.set("greeting", "hello")).isEqualTo("OK");
            assertThat(jedis.get("greeting")).isEqualTo("hello");
            jedis.hset("card:42", "spend_1h", "17.5");
            assertThat(jedis.hget("card:42", "spend_1h")).isEqualTo("17.5");
        }

        // when it stops
        redis.stop();

        // then the process is gone, the port is free and the fresh directory deleted
        assertThat(redis.isRunning()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThatCode(() -> Ports.requireFree("Redis", "127.0.0.1", port)).doesNotThrowAnyException();
        assertThat(dataDir).doesNotExist();

        // and it starts again in the same JVM, empty
        redis.start();
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.get("greeting")).isNull();
        } finally {
            redis.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisBinary.class, names = {"SYSTEM", "EMBEDDED"})
    void shouldKeepKeysAcrossRestartWithPersistentDirectory(RedisBinary binary) {
        assumeAvailable(binary);
        Path dir = tmp.resolve("redis-" + binary.name().toLowerCase());
        EmbeddedRedis redis = EmbeddedRedis.builder().port(0).binary(binary).dataDir(dir).build();
        redis.start();
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            jedis.set("model:fraud", "v3");
            jedis.hset("card:7", "txn_count_1d", "12");
        }
        redis.stop();
        assertThat(dir).isDirectoryContaining(path -> path.getFileName().toString().startsWith("appendonly")
                || path.getFileName().toString().equals("dump.rdb"));

        redis.start();
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            assertThat(jedis.get("model:fraud")).isEqualTo("v3");
            assertThat(jedis.hget("card:7", "txn_count_1d")).isEqualTo("12");
        } finally {
            redis.stop();
        }
        assertThat(dir).exists();
    }

    @ParameterizedTest
    @EnumSource(value = RedisBinary.class, names = {"SYSTEM", "EMBEDDED"})
    void shouldRequirePasswordWhenSet(RedisBinary binary) {
        assumeAvailable(binary);
        EmbeddedRedis redis = EmbeddedRedis.builder().port(0).binary(binary).password("s3cret \"quoted\"").build();
        redis.start();
        try {
            try (Jedis anonymous = new Jedis(redis.host(), redis.port())) {
                assertThatThrownBy(() -> anonymous.get("x"))
                        .isInstanceOf(JedisDataException.class)
                        .hasMessageContaining("NOAUTH");
            }
            try (Jedis wrong = new Jedis(redis.host(), redis.port())) {
                assertThatThrownBy(() -> wrong.auth("wrong")).isInstanceOf(JedisDataException.class);
            }
            try (Jedis jedis = new Jedis(redis.url())) {
                assertThat(jedis.set("x", "1")).isEqualTo("OK");
            }
            assertThat(redis.url()).startsWith("redis://:s3cret%20%22quoted%22@");
            assertThat(redis.endpoint()).doesNotContain("s3cret");
        } finally {
            redis.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisBinary.class, names = {"SYSTEM", "EMBEDDED"})
    void shouldLeaveNoServerBehindWhenJvmIsTerminated(RedisBinary binary) throws Exception {
        assumeAvailable(binary);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                RedisInChildJvm.class.getName(), binary.name())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            Path dataDir = Path.of(valueAfter(output, "REDIS_DIR "));
            long redisPid = Long.parseLong(valueAfter(output, "REDIS_PID "));
            assertThat(ProcessHandle.of(redisPid).map(ProcessHandle::isAlive).orElse(false)).isTrue();

            // when the JVM gets SIGTERM (what Ctrl-C or a service manager sends)
            child.destroy();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();

            // then its shutdown hook has ended the server too and removed its fresh directory
            assertThat(ProcessHandle.of(redisPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(dataDir).doesNotExist();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void shouldFailWithClearErrorWhenPortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            EmbeddedRedis redis = EmbeddedRedis.builder().port(taken.getLocalPort()).build();

            assertThatThrownBy(redis::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("Redis")
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
            assertThat(redis.isRunning()).isFalse();
        }
    }

    @Test
    void shouldPreferSystemBinaryWhenOnPath() {
        EmbeddedRedis redis = EmbeddedRedis.builder().port(0).build();
        redis.start();
        try {
            RedisBinary expected = RedisBinary.systemBinary().isPresent() ? RedisBinary.SYSTEM : RedisBinary.EMBEDDED;
            assertThat(redis.binaryInUse()).isEqualTo(expected);
        } finally {
            redis.stop();
        }
    }

    private static String valueAfter(BufferedReader output, String prefix) throws IOException {
        String line;
        while ((line = output.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new AssertionError("The child JVM ended without printing " + prefix.trim());
    }

    private static void assumeAvailable(RedisBinary binary) {
        if (binary == RedisBinary.SYSTEM) {
            Assumptions.assumeTrue(RedisBinary.systemBinary().isPresent(),
                    "No system redis-server on the PATH: skipping the SYSTEM binary case "
                            + "(install it with `apt-get install -y redis-server`; .ci/run does).");
        }
    }
}
