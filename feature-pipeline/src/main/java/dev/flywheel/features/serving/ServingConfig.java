package dev.flywheel.features.serving;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the Feast gRPC server.
 *
 * @param host the address to bind
 * @param port the port; {@link #DEFAULT_PORT} is Feast's, 0 picks a free one
 * @param maxInboundMessageSize largest request accepted, in bytes
 * @param shutdownTimeout how long a stop waits for calls in flight
 */
public record ServingConfig(String host, int port, int maxInboundMessageSize, Duration shutdownTimeout) {

    /** Feast's serving port. */
    public static final int DEFAULT_PORT = 6566;

    /** Checks every value. */
    public ServingConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("serving: host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("serving: port must be 0..65535, was " + port);
        }
        if (maxInboundMessageSize < 1024) {
            throw new IllegalArgumentException("serving: maxInboundMessageSize must be >= 1024, was " + maxInboundMessageSize);
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("serving: shutdownTimeout must not be negative, was " + shutdownTimeout);
        }
    }

    /** All interfaces, port 6566, 4 MiB requests, 5 s shutdown. */
    public static ServingConfig defaults() {
        return new ServingConfig("0.0.0.0", DEFAULT_PORT, 4 * 1024 * 1024, Duration.ofSeconds(5));
    }

    /** The same settings on another port. */
    public ServingConfig withPort(int newPort) {
        return new ServingConfig(host, newPort, maxInboundMessageSize, shutdownTimeout);
    }

    /** The same settings on another address. */
    public ServingConfig withHost(String newHost) {
        return new ServingConfig(newHost, port, maxInboundMessageSize, shutdownTimeout);
    }
}
