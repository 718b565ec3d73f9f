package dev.flywheel.ingestion.http;

import dev.flywheel.ingestion.producer.ProducerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the HTTP ingest endpoint. Every instance is valid: the constructor refuses a bad value, naming it.
 *
 * @param maxRequestBytes largest body accepted; a larger one is answered 413 without reading it all
 * @param ackTimeout how long a request waits for the broker's acknowledgements; keep it above the producer's
 *     {@code deliveryTimeout + maxBlock} so every record's outcome is known when the answer is written
 * @param schemaRefresh how long the latest registered schema of a source is used before asking again
 * @param retryAfter the {@code Retry-After} advertised with a 503
 * @param schemaBaseDir the directory that {@code reader_schema} paths of the spec are relative to (the spec's)
 */
public record HttpIngestSettings(long maxRequestBytes, Duration ackTimeout, Duration schemaRefresh, Duration retryAfter,
                                 Path schemaBaseDir) {

    /** Default body limit: 1 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    /**
     * Producer settings for HTTP ingest: short bounds (5 s per request, 10 s per delivery, 5 s blocking for
     * metadata) so that a request never hangs for minutes while the broker is away.
     */
    public static final ProducerSettings PRODUCER_SETTINGS = ProducerSettings.defaults()
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5));

    /** Checks every value; see the parameters. */
    public HttpIngestSettings {
        if (maxRequestBytes < 1 || maxRequestBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxRequestBytes must be between 1 and " + (Integer.MAX_VALUE - 8)
                    + ", was " + maxRequestBytes);
        }
        requirePositive("ackTimeout", ackTimeout);
        Objects.requireNonNull(schemaRefresh, "schemaRefresh");
        if (schemaRefresh.isNegative()) {
            throw new IllegalArgumentException("schemaRefresh must not be negative, was " + schemaRefresh);
        }
        requirePositive("retryAfter", retryAfter);
        Objects.requireNonNull(schemaBaseDir, "schemaBaseDir");
    }

    /** 1 MiB bodies, 20 s for acknowledgements, schemas refreshed every 30 s, retry after 5 s; paths from {@code baseDir}. */
    public static HttpIngestSettings defaults(Path schemaBaseDir) {
        return new HttpIngestSettings(DEFAULT_MAX_REQUEST_BYTES, Duration.ofSeconds(20), Duration.ofSeconds(30),
                Duration.ofSeconds(5), schemaBaseDir);
    }

    /** These settings with another body limit. */
    public HttpIngestSettings withMaxRequestBytes(long bytes) {
        return new HttpIngestSettings(bytes, ackTimeout, schemaRefresh, retryAfter, schemaBaseDir);
    }

    /** These settings with another acknowledgement wait. */
    public HttpIngestSettings withAckTimeout(Duration timeout) {
        return new HttpIngestSettings(maxRequestBytes, timeout, schemaRefresh, retryAfter, schemaBaseDir);
    }

    /** These settings with another schema refresh interval. */
    public HttpIngestSettings withSchemaRefresh(Duration refresh) {
        return new HttpIngestSettings(maxRequestBytes, ackTimeout, refresh, retryAfter, schemaBaseDir);
    }

    /** These settings with another advertised retry delay. */
    public HttpIngestSettings withRetryAfter(Duration delay) {
        return new HttpIngestSettings(maxRequestBytes, ackTimeout, schemaRefresh, delay, schemaBaseDir);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
