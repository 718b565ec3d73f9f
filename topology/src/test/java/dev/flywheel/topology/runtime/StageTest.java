package dev.flywheel.topology.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.topology.config.FlywheelConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage lifecycle with a real Kafka Streams client and no broker: it starts, reports, and stops in time. */
class StageTest {

    @TempDir
    Path stateDir;

    private Stage stage() {
        return stage(UnaryOperator.identity());
    }

    private Stage stage(UnaryOperator<StageSettings> tune) {
        FlywheelConfig config = FlywheelConfig.load(Map.of(
                "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "FLYWHEEL_STATE_DIR", stateDir.toString()), Map.of());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        Topology topology = builder.build();
        return Stage.create(tune.apply(StageSettings.of("echo", config)
                .with(StreamsConfig.consumerPrefix("default.api.timeout.ms"), 1000)), topology);
    }

    @Test
    void shouldBindKafkaStreamsMetricsTaggedWithTheStageWhileItRuns() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Stage stage = stage(settings -> settings.withMeters(meters));

        stage.start();
        try {
            assertThat(meters.getMeters()).filteredOn(m -> m.getId().getName().startsWith("kafka.stream."))
                    .isNotEmpty()
                    .allSatisfy(m -> assertThat(m.getId().getTag("stage")).isEqualTo("echo"));
        } finally {
            stage.close(Duration.ofSeconds(20));
        }
    }

    @Test
    void shouldBeStartingUntilItHasItsPartitionsThenDownAfterClose() {
        Stage stage = stage();
        List<Health> changes = new CopyOnWriteArrayList<>();
        stage.onHealthChange(changes::add);
        assertThat(stage.health().reason()).isEqualTo("not started");

        stage.start();
        assertThat(stage.health().status()).isEqualTo(HealthStatus.STARTING);

        assertThat(stage.close(Duration.ofSeconds(20))).isTrue();
        assertThat(stage.health().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(stage.health().reason()).isEqualTo("not running");
        assertThat(changes).extracting(Health::status).contains(HealthStatus.STARTING, HealthStatus.DOWN);
    }

    @Test
    void shouldRefuseToStartTwice() {
        try (Stage stage = stage()) {
            stage.start();

            assertThatThrownBy(stage::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already started");
        }
    }

    @Test
    void shouldCloseAStageThatNeverStarted() {
        Stage stage = stage();

        assertThat(stage.close(Duration.ofSeconds(1))).isTrue();
        assertThat(stage.applicationId()).isEqualTo("flywheel-echo");
    }

    @Test
    void shouldRefuseStoreQueriesBeforeStart() {
        Stage stage = stage();

        assertThatThrownBy(() -> stage.store(StoreQueryParameters.fromNameAndType("any",
                QueryableStoreTypes.keyValueStore()))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
    }
}
