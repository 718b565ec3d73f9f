package dev.flywheel.topology.runtime;

import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How one stage runs: its name and application id, its Kafka Streams properties, its DLQ routing and
 * its failure and shutdown policy. Immutable; the {@code with...} methods return changed copies.
 *
 * @param name the stage name, for example {@code ingestion}
 * @param applicationId the Kafka Streams application id (also its consumer group)
 * @param streams the Kafka Streams properties, connection and security included
 * @param dlq the DLQ routing of the error handlers; empty means Kafka's log-and-fail (never drop)
 * @param shutdownTimeout how long a graceful shutdown may take
 * @param maxThreadReplacements transient thread failures tolerated within {@code replacementWindow}
 * @param replacementWindow the window thread replacements are counted in
 * @param meters where the stage binds Kafka Streams' own metrics (threads, tasks, commit and process rates, ...);
 *     empty binds none
 */
public record StageSettings(String name, String applicationId, Map<String, Object> streams, Optional<DlqRouting> dlq,
                            Duration shutdownTimeout, int maxThreadReplacements, Duration replacementWindow,
                            Optional<MeterRegistry> meters) {

    /** Graceful shutdown time when not set. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** Thread replacements tolerated within {@link #DEFAULT_REPLACEMENT_WINDOW} when not set. */
    public static final int DEFAULT_MAX_THREAD_REPLACEMENTS = 3;
    /** Window of thread replacements when not set. */
    public static final Duration DEFAULT_REPLACEMENT_WINDOW = Duration.ofMinutes(10);
    /**
     * The stages' producers' {@code linger.ms}. Kafka Streams sets 100 ms; under exactly-once every commit (each
     * 100 ms) flushes the producer and waits for every send, so batches held back by a long linger are only sent
     * at the commit, and the stream thread waits for all of them. A short linger sends while it processes.
     */
    public static final int DEFAULT_PRODUCER_LINGER_MS = 5;
    /** The stages' producers' {@code batch.size}: 128 KiB (Kafka's 16 KiB holds ~70 small records, one request each). */
    public static final int DEFAULT_PRODUCER_BATCH_BYTES = 128 * 1024;
    /** The stages' producers' {@code compression.type}: lz4, cheap to compress and to decompress for the consumers. */
    public static final String DEFAULT_PRODUCER_COMPRESSION = "lz4";

    /** Checks the parts are present and copies the map. */
    public StageSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(dlq, "dlq");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(replacementWindow, "replacementWindow");
        Objects.requireNonNull(meters, "meters");
        streams = Map.copyOf(streams);
    }

    /**
     * Returns the settings of a stage with Flywheel's defaults: application id
     * {@code <topic prefix>flywheel-<name>}, {@code exactly_once_v2} (with its default 100 ms commit interval),
     * the configured state directory and replication factor, the cluster connection and security of
     * {@code config}, and producer batching for throughput ({@link #DEFAULT_PRODUCER_LINGER_MS},
     * {@link #DEFAULT_PRODUCER_BATCH_BYTES}, {@link #DEFAULT_PRODUCER_COMPRESSION}). Any of them can be changed
     * with {@link #with(String, Object)}, for example {@code with("producer.linger.ms", 20)}.
     *
     * @param name the stage name
     * @param config the runtime settings
     * @return the settings
     */
    public static StageSettings of(String name, FlywheelConfig config) {
        String applicationId = config.topicPrefix() + "flywheel-" + name;
        Map<String, Object> streams = new HashMap<>();
        ClientConfigs.kafka(config).forEach((key, value) -> streams.put((String) key, value));
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        streams.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        streams.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topicReplicationFactor().orElse((short) -1));
        streams.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), DEFAULT_PRODUCER_LINGER_MS);
        streams.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), DEFAULT_PRODUCER_BATCH_BYTES);
        streams.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), DEFAULT_PRODUCER_COMPRESSION);
        return new StageSettings(name, applicationId, streams, Optional.empty(), DEFAULT_SHUTDOWN_TIMEOUT,
                DEFAULT_MAX_THREAD_REPLACEMENTS, DEFAULT_REPLACEMENT_WINDOW, Optional.empty());
    }

    /** Returns a copy with one Kafka Streams property set (for example {@code num.stream.threads}). */
    public StageSettings with(String property, Object value) {
        Map<String, Object> changed = new HashMap<>(streams);
        changed.put(property, value);
        return new StageSettings(name, applicationId, changed, dlq, shutdownTimeout, maxThreadReplacements,
                replacementWindow, meters);
    }

    /** Returns a copy whose error handlers route bad records through {@code routing}. */
    public StageSettings withDlq(DlqRouting routing) {
        return new StageSettings(name, applicationId, streams, Optional.of(routing), shutdownTimeout,
                maxThreadReplacements, replacementWindow, meters);
    }

    /** Returns a copy with another graceful shutdown timeout. */
    public StageSettings withShutdownTimeout(Duration timeout) {
        return new StageSettings(name, applicationId, streams, dlq, timeout, maxThreadReplacements, replacementWindow,
                meters);
    }

    /** Returns a copy with another thread replacement budget. */
    public StageSettings withThreadReplacements(int max, Duration window) {
        return new StageSettings(name, applicationId, streams, dlq, shutdownTimeout, max, window, meters);
    }

    /**
     * Returns a copy that binds the Kafka Streams client's own metrics to {@code registry} while the stage runs,
     * tagged {@code stage=<name>} (Micrometer's {@code KafkaStreamsMetrics}: {@code kafka.stream.*},
     * {@code kafka.consumer.*}, {@code kafka.producer.*}, {@code kafka.admin.*}).
     */
    public StageSettings withMeters(MeterRegistry registry) {
        return new StageSettings(name, applicationId, streams, dlq, shutdownTimeout, maxThreadReplacements,
                replacementWindow, Optional.of(registry));
    }

    /**
     * Returns the properties to create the Kafka Streams client with; with DLQ routing, the DLQ error
     * handlers and the routing instance they read.
     */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.putAll(streams);
        dlq.ifPresent(routing -> {
            props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    DlqDeserializationExceptionHandler.class.getName());
            props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    DlqProductionExceptionHandler.class.getName());
            props.put(DlqRouting.CONFIG, routing);
        });
        return props;
    }
}
