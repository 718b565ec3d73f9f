package dev.flywheel.features.serving;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gRPC server that serves {@link FeastServingService}; start, read {@link #port()}, stop. */
public final class FeastGrpcServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeastGrpcServer.class);

    private final ServingConfig config;
    private final FeastServingService service;
    private Server server;

    /**
     * A server, not yet started.
     *
     * @param config address and limits
     * @param service the service
     */
    public FeastGrpcServer(ServingConfig config, FeastServingService service) {
        this.config = Objects.requireNonNull(config, "config");
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("Feast gRPC server already started on port " + server.getPort());
        }
        Server built = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
                .maxInboundMessageSize(config.maxInboundMessageSize())
                .addService(service)
                .build();
        try {
            built.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve Feast gRPC on " + config.host() + ":" + config.port(), e);
        }
        server = built;
        LOG.info("Feast gRPC serving on {}:{}", config.host(), built.getPort());
    }

    /** The bound port (the free one picked when configured with 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("Feast gRPC server not started");
        }
        return server.getPort();
    }

    /** Stops taking calls, waits for those in flight up to the shutdown timeout, then cancels the rest. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        try {
            if (!server.awaitTermination(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
    }
}
