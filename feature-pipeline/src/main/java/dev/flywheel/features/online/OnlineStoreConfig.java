package dev.flywheel.features.online;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the online tier: where Redis is, how the Feast layout is keyed, and how hard to try.
 * Build with {@link #builder(String)}; {@link Builder#build()} rejects every invalid value with a message
 * naming the setting.
 *
 * @param project the Feast project, suffixed to every key
 * @param host Redis host
 * @param port Redis port
 * @param password Redis password ({@code AUTH}), if any; never printed
 * @param tls whether to connect over TLS
 * @param database the Redis database index
 * @param keySerialization Feast entity key serialization version
 * @param keyTtl {@code EXPIRE} set on every hash written, as Feast's {@code key_ttl_seconds}; empty = none
 * @param connectTimeout TCP connect timeout
 * @param socketTimeout read timeout of one command or pipeline
 * @param poolSize most connections open at once
 * @param maxAttempts attempts of one batch before a retriable failure is given up (at least 1)
 * @param initialBackoff wait after the first failed attempt; doubles each time
 * @param maxBackoff longest wait between attempts
 */
public record OnlineStoreConfig(String project, String host, int port, Optional<String> password, boolean tls,
                                int database, EntityKeySerialization keySerialization, Optional<Duration> keyTtl,
                                Duration connectTimeout, Duration socketTimeout, int poolSize, int maxAttempts,
                                Duration initialBackoff, Duration maxBackoff) {

    /** The default Redis port. */
    public static final int DEFAULT_PORT = 6379;

    /** Checks the parts are present; {@link Builder#build()} checks the values. */
    public OnlineStoreConfig {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(keySerialization, "keySerialization");
        Objects.requireNonNull(keyTtl, "keyTtl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** A builder with the defaults: localhost:6379, V3 keys, no TTL, 2 s timeouts, 8 connections, 5 attempts. */
    public static Builder builder(String project) {
        return new Builder(project);
    }

    /** Masks the password. */
    @Override
    public String toString() {
        return "OnlineStoreConfig[project=" + project + ", redis=" + (tls ? "rediss" : "redis") + "://" + host + ":" + port
                + "/" + database + ", password=" + (password.isPresent() ? "[hidden]" : "none") + ", keySerialization="
                + keySerialization + ", keyTtl=" + keyTtl.map(Duration::toString).orElse("none") + ", poolSize=" + poolSize
                + ", maxAttempts=" + maxAttempts + "]";
    }

    /** Builds an {@link OnlineStoreConfig}. */
    public static final class Builder {
        private final String project;
        private String host = "localhost";
        private int port = DEFAULT_PORT;
        private Optional<String> password = Optional.empty();
        private boolean tls;
        private int database;
        private EntityKeySerialization keySerialization = EntityKeySerialization.V3;
        private Optional<Duration> keyTtl = Optional.empty();
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration socketTimeout = Duration.ofSeconds(2);
        private int poolSize = 8;
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);

        private Builder(String project) {
            this.project = project;
        }

        /** Host, port, database and TLS from a {@code redis://host:port/db} or {@code rediss://} URL. */
        public Builder url(URI url) {
            String scheme = url.getScheme();
            if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
                throw new IllegalArgumentException("redis url: scheme must be redis or rediss, was " + scheme);
            }
            tls = "rediss".equals(scheme);
            host = url.getHost();
            port = url.getPort() < 0 ? DEFAULT_PORT : url.getPort();
            String path = url.getPath();
            if (path != null && path.length() > 1) {
                database = Integer.parseInt(path.substring(1));
            }
            String userInfo = url.getUserInfo();
            if (userInfo != null && userInfo.contains(":")) {
                password = Optional.of(userInfo.substring(userInfo.indexOf(':') + 1));
            }
            return this;
        }

        /** The Redis host. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The Redis port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The Redis password. */
        public Builder password(String password) {
            this.password = Optional.ofNullable(password);
            return this;
        }

        /** Whether to use TLS. */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** The Redis database index. */
        public Builder database(int database) {
            this.database = database;
            return this;
        }

        /** The entity key serialization version. */
        public Builder keySerialization(EntityKeySerialization keySerialization) {
            this.keySerialization = keySerialization;
            return this;
        }

        /** {@code EXPIRE} on every hash written; {@code null} for none. */
        public Builder keyTtl(Duration keyTtl) {
            this.keyTtl = Optional.ofNullable(keyTtl);
            return this;
        }

        /** TCP connect timeout. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Read timeout of one command or pipeline. */
        public Builder socketTimeout(Duration socketTimeout) {
            this.socketTimeout = socketTimeout;
            return this;
        }

        /** Most connections open at once. */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /** Attempts of one batch. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** First and longest wait between attempts. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Checks every value and builds.
         *
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public OnlineStoreConfig build() {
            require(project != null && !project.isBlank(), "project must not be blank");
            require(host != null && !host.isBlank(), "host must not be blank");
            require(port > 0 && port <= 65_535, "port must be 1..65535, was " + port);
            require(database >= 0, "database must be >= 0, was " + database);
            require(keyTtl.isEmpty() || keyTtl.get().toSeconds() >= 1, "keyTtl must be at least 1s, was " + keyTtl.orElse(null));
            require(positive(connectTimeout), "connectTimeout must be positive, was " + connectTimeout);
            require(positive(socketTimeout), "socketTimeout must be positive, was " + socketTimeout);
            require(poolSize >= 1, "poolSize must be >= 1, was " + poolSize);
            require(maxAttempts >= 1, "maxAttempts must be >= 1, was " + maxAttempts);
            require(initialBackoff != null && !initialBackoff.isNegative(), "initialBackoff must not be negative, was " + initialBackoff);
            require(maxBackoff != null && maxBackoff.compareTo(initialBackoff) >= 0,
                    "maxBackoff must be >= initialBackoff, was " + maxBackoff);
            return new OnlineStoreConfig(project, host, port, password, tls, database, keySerialization, keyTtl,
                    connectTimeout, socketTimeout, poolSize, maxAttempts, initialBackoff, maxBackoff);
        }

        private static boolean positive(Duration duration) {
            return duration != null && !duration.isNegative() && !duration.isZero();
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException("online store: " + message);
            }
        }
    }
}
