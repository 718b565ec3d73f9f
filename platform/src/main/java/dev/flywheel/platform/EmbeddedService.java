package dev.flywheel.platform;

/**
 * One piece of embedded infrastructure (Kafka broker, schema registry, Redis, S3) that local mode and
 * the integration tests start in-process.
 *
 * <p>A service can be started, stopped and started again in the same JVM. {@link #start()} returns only
 * once the service answers on its endpoint; it fails with {@link PortInUseException} when its port is
 * taken.
 */
public interface EmbeddedService extends AutoCloseable {

    /** Short human name, e.g. {@code "kafka"}. */
    String name();

    /** Starts the service and waits until it answers. Starting a running service is a no-op. */
    void start();

    /** Stops the service and waits until it is down. Stopping a stopped service is a no-op. */
    void stop();

    boolean isRunning();

    /** Where clients reach it, e.g. {@code 127.0.0.1:9092} or {@code http://127.0.0.1:8081}. */
    String endpoint();

    @Override
    default void close() {
        stop();
    }
}
