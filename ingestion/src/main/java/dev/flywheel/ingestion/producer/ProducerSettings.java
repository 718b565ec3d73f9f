package dev.flywheel.ingestion.producer;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link FlywheelProducer} batches, compresses and bounds its sends. Every instance is valid: the
 * constructor refuses a value Kafka would refuse later (or silently override), naming the setting.
 * {@code acks=all} and idempotence are not settings: they are always on.
 *
 * @param compression {@code compression.type}: {@code lz4}, {@code zstd}, {@code gzip}, {@code snappy} or {@code none}
 * @param linger {@code linger.ms}: how long a batch waits for more records
 * @param batchSize {@code batch.size} in bytes
 * @param requestTimeout {@code request.timeout.ms}: one produce request to a broker
 * @param deliveryTimeout {@code delivery.timeout.ms}: upper bound from {@code send} to success or failure,
 *     retries included; at least {@code linger + requestTimeout}
 * @param maxBlock {@code max.block.ms}: how long {@code send} may block for metadata or buffer space
 * @param autoRegisterSchemas register a value's schema under {@code <topic>-value} on first use; when false
 *     the schema must already be registered there and is only looked up
 */
public record ProducerSettings(String compression, Duration linger, int batchSize, Duration requestTimeout,
                               Duration deliveryTimeout, Duration maxBlock, boolean autoRegisterSchemas) {

    /** The compression codecs Kafka knows. */
    public static final Set<String> COMPRESSIONS = Set.of("lz4", "zstd", "gzip", "snappy", "none");

    private static final ProducerSettings DEFAULTS = new ProducerSettings("lz4", Duration.ofMillis(10), 64 * 1024,
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10), true);

    /** Checks every value; see the parameters. */
    public ProducerSettings {
        Objects.requireNonNull(compression, "compression");
        if (!COMPRESSIONS.contains(compression)) {
            throw new IllegalArgumentException("compression must be one of " + COMPRESSIONS.stream().sorted().toList()
                    + ", was '" + compression + "'");
        }
        requireAtLeast("linger", linger, Duration.ZERO);
        requireAtLeast("requestTimeout", requestTimeout, Duration.ofMillis(1));
        requireAtLeast("deliveryTimeout", deliveryTimeout, Duration.ofMillis(1));
        requireAtLeast("maxBlock", maxBlock, Duration.ZERO);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1 byte, was " + batchSize);
        }
        if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
            throw new IllegalArgumentException("deliveryTimeout (" + deliveryTimeout.toMillis() + " ms) must be at least "
                    + "linger + requestTimeout (" + linger.plus(requestTimeout).toMillis() + " ms), as Kafka requires");
        }
    }

    /**
     * lz4, 10 ms linger, 64 KiB batches, 10 s per request, 30 s per delivery, 10 s blocking, schemas
     * registered on first use.
     */
    public static ProducerSettings defaults() {
        return DEFAULTS;
    }

    /** These settings with another compression codec. */
    public ProducerSettings withCompression(String codec) {
        return new ProducerSettings(codec, linger, batchSize, requestTimeout, deliveryTimeout, maxBlock, autoRegisterSchemas);
    }

    /** These settings with another linger and batch size. */
    public ProducerSettings withBatching(Duration newLinger, int newBatchSize) {
        return new ProducerSettings(compression, newLinger, newBatchSize, requestTimeout, deliveryTimeout, maxBlock,
                autoRegisterSchemas);
    }

    /** These settings with other time bounds: per request, per delivery, and for a blocked {@code send}. */
    public ProducerSettings withTimeouts(Duration newRequestTimeout, Duration newDeliveryTimeout, Duration newMaxBlock) {
        return new ProducerSettings(compression, linger, batchSize, newRequestTimeout, newDeliveryTimeout, newMaxBlock,
                autoRegisterSchemas);
    }

    /** These settings registering schemas on first use, or only looking them up. */
    public ProducerSettings withAutoRegisterSchemas(boolean register) {
        return new ProducerSettings(compression, linger, batchSize, requestTimeout, deliveryTimeout, maxBlock, register);
    }

    private static void requireAtLeast(String name, Duration value, Duration min) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + min.toMillis() + " ms, was "
                    + value.toMillis() + " ms");
        }
    }
}
