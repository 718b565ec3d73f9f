package dev.flywheel.topology.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.topology.config.FlywheelConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StageSettingsTest {

    private final FlywheelConfig config = FlywheelConfig.load(Map.of(
            "FLYWHEEL_TOPIC_PREFIX", "team-a.",
            "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
            "FLYWHEEL_STATE_DIR", "/var/lib/flywheel"), Map.of());

    @Test
    void shouldDeriveApplicationIdFromPrefixAndStageName() {
        StageSettings settings = StageSettings.of("ingestion", config);

        assertThat(settings.applicationId()).isEqualTo("team-a.flywheel-ingestion");
        assertThat(settings.streamsProperties()).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG,
                "team-a.flywheel-ingestion");
    }

    @Test
    void shouldRunExactlyOnceV2WithConfiguredClusterAndStateDir() {
        Properties props = StageSettings.of("ingestion", config).streamsProperties();

        assertThat(props).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, Path.of("/var/lib/flywheel").toString())
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1)
                .doesNotContainKey(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG);
    }

    @Test
    void shouldBatchAndCompressWhatTheStageProduces() {
        Properties props = StageSettings.of("ingestion", config).streamsProperties();

        assertThat(props).containsEntry("producer.linger.ms", StageSettings.DEFAULT_PRODUCER_LINGER_MS)
                .containsEntry("producer.batch.size", StageSettings.DEFAULT_PRODUCER_BATCH_BYTES)
                .containsEntry("producer.compression.type", "lz4")
                .doesNotContainKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    }

    @Test
    void shouldLetAStageOverrideTheProducerDefaults() {
        Properties props = StageSettings.of("ingestion", config).with("producer.compression.type", "zstd")
                .streamsProperties();

        assertThat(props).containsEntry("producer.compression.type", "zstd");
    }

    @Test
    void shouldInstallDlqHandlersWithTheirRouting() {
        DlqRouting routing = new DlqRouting("ingestion", t -> Optional.empty(), RejectedRecordSerde.serializer(),
                new RejectionCounters(), Clock.systemUTC());

        Properties props = StageSettings.of("ingestion", config).withDlq(routing).streamsProperties();

        assertThat(props).containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DlqDeserializationExceptionHandler.class.getName())
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DlqProductionExceptionHandler.class.getName())
                .containsEntry(DlqRouting.CONFIG, routing);
    }

    @Test
    void shouldLetAStageOverrideAStreamsProperty() {
        Properties props = StageSettings.of("ingestion", config)
                .with(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 4)
                .with(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)
                .streamsProperties();

        assertThat(props).containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 4)
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    }
}
