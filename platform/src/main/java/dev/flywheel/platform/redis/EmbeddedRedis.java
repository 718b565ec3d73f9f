package dev.flywheel.platform.redis;

import dev.flywheel.platform.DataDirectory;
import dev.flywheel.platform.EmbeddedService;
import dev.flywheel.platform.PortInUseException;
import dev.flywheel.platform.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis server, run as a child process of this JVM: the system's {@code redis-server} when one is
 * on the {@code PATH} (a maintained, current Redis such as Debian's 7.0), else the binary shipped in
 * {@code embedded-redis} (Redis 6.2).
 *
 * <p>Each start writes the server its own configuration: bound to the configured address, no
 * daemonizing, logging to standard output (drained here; its last lines appear in errors). A fresh data
 * directory gets no persistence at all ({@code save ""}, no AOF) and is deleted on stop; a persistent one
 * gets {@code appendonly yes} and a final {@code SAVE} on stop, so its keys survive restarts.
 *
 * <p>{@link #stop()} asks for {@code SHUTDOWN}, waits for the process to exit and kills it after a
 * timeout. A shutdown hook does the same should the JVM exit while the server runs, so no process is left
 * behind (short of the JVM itself being killed with {@code SIGKILL}).
 */
public final class EmbeddedRedis implements EmbeddedService {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final String host;
    private final int configuredPort;
    private final Path configuredDataDir;
    private final String password;
    private final RedisBinary binary;
    private final Duration startTimeout;
    private final Duration stopTimeout;

    private Process process;
    private ProcessOutput output;
    private Thread shutdownHook;
    private DataDirectory dataDir;
    private Path runtimeDir;
    private RedisBinary.Resolved resolved;
    private int port;
    private String version;

    private EmbeddedRedis(Builder builder) {
        this.host = builder.host;
        this.configuredPort = builder.port;
        this.configuredDataDir = builder.dataDir;
        this.password = builder.password;
        this.binary = builder.binary;
        this.startTimeout = builder.startTimeout;
        this.stopTimeout = builder.stopTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        if (process != null) {
            log.warn("Redis at {}:{} had exited (code {}): starting it again", host, port, process.exitValue());
            removeShutdownHook();
            cleanUp();
        }
        int chosenPort = Ports.resolve("Redis", host, configuredPort);
        RedisBinary.Resolved executable = binary.resolve();
        DataDirectory dir = DataDirectory.of(configuredDataDir, "redis");
        this.dataDir = dir;
        this.port = chosenPort;
        this.resolved = executable;
        boolean ready = false;
        try {
            this.runtimeDir = Files.createTempDirectory("flywheel-redis-run-");
            Path config = RedisConfigFile.write(runtimeDir, bindAddress(), chosenPort, dir, password);
            ProcessBuilder command = new ProcessBuilder(executable.path().toString(), config.toString())
                    .directory(dir.path().toFile())
                    .redirectErrorStream(true);
            this.process = command.start();
            this.output = ProcessOutput.follow(process, "redis-" + chosenPort + "-output");
            Process started = process;
            Path configDir = runtimeDir;
            this.shutdownHook = new Thread(() -> killOnJvmExit(started, dir, configDir),
                    "redis-" + chosenPort + "-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            awaitReady();
            log.info("Redis {} ({} binary {}) ready at {} (data in {}, {})", version, executable.kind(),
                    executable.path(), endpoint(), dir.path(), dir.isFresh() ? "fresh" : "persistent");
            ready = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Redis failed to start from " + executable.path() + ": "
                    + e.getMessage(), e);
        } finally {
            if (!ready) {
                abortStart();
            }
        }
    }

    private String bindAddress() {
        try {
            return InetAddress.getByName(host).getHostAddress(); // redis binds addresses, not names
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Redis host '" + host + "' does not resolve", e);
        }
    }

    /** Waits until the server answers PING; fails at once should the process exit. */
    private void awaitReady() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        String lastProblem = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                output.awaitEnd();
                if (output.contains("Address already in use")) {
                    throw new PortInUseException("Redis", host, port, null);
                }
                throw new IllegalStateException("Redis (" + resolved.path() + ") exited with code "
                        + process.exitValue() + " before answering on " + host + ":" + port + "."
                        + output.tailForMessage());
            }
            try (RespClient client = RespClient.connect(host, port, password, PROBE_TIMEOUT)) {
                String reply = client.call("PING");
                if ("PONG".equals(reply)) {
                    version = serverVersion(client);
                    return;
                }
                lastProblem = reply; // e.g. -LOADING while a large AOF is read back
            } catch (IOException e) {
                lastProblem = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis at " + host + ":" + port + " did not answer PING within "
                        + startTimeout + " (last: " + lastProblem + ")." + output.tailForMessage());
            }
            sleep(Duration.ofMillis(50));
        }
    }

    private static String serverVersion(RespClient client) throws IOException {
        String info = client.call("INFO", "server");
        if (info == null) {
            return "unknown";
        }
        return info.lines()
                .filter(line -> line.startsWith("redis_version:"))
                .map(line -> line.substring("redis_version:".length()).trim())
                .findFirst()
                .orElse("unknown");
    }

    /** Undoes a start that failed half way: kills the process and removes what the start created. */
    private void abortStart() {
        try {
            if (process != null) {
                ChildProcess.terminate(process);
            }
        } finally {
            removeShutdownHook();
            cleanUp();
        }
    }

    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        log.info("Stopping Redis at {}", endpoint());
        try {
            requestShutdown();
            if (!ChildProcess.waitForExit(process, stopTimeout)) {
                log.warn("Redis at {} did not exit within {} after SHUTDOWN: terminating it", endpoint(), stopTimeout);
                ChildProcess.terminate(process);
            }
            output.awaitEnd();
        } finally {
            removeShutdownHook();
            cleanUp();
        }
    }

    /** SHUTDOWN SAVE keeps a persistent directory complete; a fresh one is thrown away anyway. */
    private void requestShutdown() {
        String mode = dataDir.isFresh() ? "NOSAVE" : "SAVE";
        try (RespClient client = RespClient.connect(host, port, password, stopTimeout)) {
            client.send("SHUTDOWN", mode);
            client.awaitClosed();
        } catch (IOException e) {
            if (!process.isAlive()) {
                // While the JVM exits, its shutdown hook may have sent SIGTERM (a saving shutdown) first.
                log.debug("Redis at {} had already exited ({})", endpoint(), e.getMessage());
                return;
            }
            log.warn("Redis at {} did not take SHUTDOWN {} ({}): terminating it", endpoint(), mode, e.getMessage());
            ChildProcess.terminate(process);
        }
    }

    /** Runs in the shutdown hook: SIGTERM makes redis-server save (when persistent) and exit. */
    private static void killOnJvmExit(Process running, DataDirectory dir, Path configDir) {
        ChildProcess.terminate(running);
        RedisConfigFile.deleteFolder(configDir);
        dir.release();
    }

    private void removeShutdownHook() {
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs (or ran) anyway
        }
        shutdownHook = null;
    }

    private void cleanUp() {
        process = null;
        output = null;
        if (runtimeDir != null) {
            RedisConfigFile.deleteFolder(runtimeDir);
            runtimeDir = null;
        }
        if (dataDir != null) {
            dataDir.release();
            dataDir = null;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Redis", e);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code redis://host:port}, without the password. */
    @Override
    public synchronized String endpoint() {
        requireRunning();
        return "redis://" + host + ":" + port;
    }

    /**
     * The URL a client needs: {@code redis://host:port}, or {@code redis://:password@host:port} with the
     * password percent-encoded.
     */
    public synchronized String url() {
        requireRunning();
        return password == null ? endpoint() : "redis://:" + encodeUserInfo(password) + "@" + host + ":" + port;
    }

    /** Percent-encodes all but RFC 3986's unreserved characters. */
    static String encodeUserInfo(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    public String host() {
        return host;
    }

    public synchronized int port() {
        requireRunning();
        return port;
    }

    /** Operating-system id of the server process. */
    public synchronized long pid() {
        requireRunning();
        return process.pid();
    }

    /** The binary that runs: {@link RedisBinary#SYSTEM} or {@link RedisBinary#EMBEDDED}, never AUTO. */
    public synchronized RedisBinary binaryInUse() {
        requireRunning();
        return resolved.kind();
    }

    /** {@code redis_version} as the running server reports it, e.g. {@code 7.0.15}. */
    public synchronized String version() {
        requireRunning();
        return version;
    }

    /** Where the server keeps its data, while running. */
    public synchronized Path dataDirectory() {
        requireRunning();
        return dataDir.path();
    }

    private void requireRunning() {
        if (process == null) {
            throw new IllegalStateException("Redis is not running");
        }
    }

    /** Settings of an embedded Redis server. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 6379;
        private Path dataDir;
        private String password;
        private RedisBinary binary = RedisBinary.AUTO;
        private Duration startTimeout = Duration.ofSeconds(30);
        private Duration stopTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** Address to bind and to advertise; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Default 6379; {@code 0} picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A persistent data directory (AOF on, kept across restarts); unset: fresh, deleted on stop. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Sets {@code requirepass}; {@code null} (the default) means no password. */
        public Builder password(String password) {
            if (password != null && (password.isEmpty() || password.contains("\n") || password.contains("\r"))) {
                throw new IllegalArgumentException("Redis password must be non-empty and on one line");
            }
            this.password = password;
            return this;
        }

        /** Which executable to run; default {@link RedisBinary#AUTO}. */
        public Builder binary(RedisBinary binary) {
            this.binary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** How long to wait for the process to exit after SHUTDOWN before terminating it. */
        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = stopTimeout;
            return this;
        }

        public EmbeddedRedis build() {
            return new EmbeddedRedis(this);
        }
    }
}
