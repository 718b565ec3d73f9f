package dev.flywheel.bench;

import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.StageSettings;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The ceiling of any Flywheel stage on a broker and machine: a Kafka Streams application with a stage's own settings
 * ({@link StageSettings#of}: exactly-once v2, its producer batching; one stream thread per partition, as the
 * ingestion stage runs) whose topology copies one topic's bytes to another and does nothing else. A stage's distance
 * from it is the stage's own cost; its distance from the raw produce-then-consume rate is Kafka's.
 */
final class PassThroughStage implements AutoCloseable {

    private final KafkaStreams streams;

    private PassThroughStage(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Starts the copy and returns once its stream threads run.
     *
     * @param cluster the broker
     * @param name a name unique to the trial (the application id derives from it)
     * @param input the topic to copy
     * @param output the topic to copy to
     * @param partitions the partitions of both
     * @param tune changes to the stage settings (a benchmark variant), identity for none
     * @return the running copy
     */
    static PassThroughStage start(BenchCluster cluster, String name, String input, String output, int partitions,
                                  UnaryOperator<StageSettings> tune) throws InterruptedException {
        FlywheelConfig config = FlywheelConfig.load(Map.of(), Map.of(
                "kafka.bootstrap.servers", cluster.bootstrapServers(),
                "state.dir", cluster.stateDir().toString(),
                "topic.partitions", String.valueOf(partitions)));
        int threads = Math.max(1, Math.min(partitions, 2 * Runtime.getRuntime().availableProcessors()));
        StageSettings settings = tune.apply(StageSettings.of(name, config)
                .with(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads));
        Topology copy = new Topology();
        copy.addSource("source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), input);
        copy.addSink("sink", output, new ByteArraySerializer(), new ByteArraySerializer(), "source");
        KafkaStreams streams = new KafkaStreams(copy, settings.streamsProperties());
        streams.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                streams.close(Duration.ofSeconds(30));
                throw new IllegalStateException("pass-through application " + name + " not running: "
                        + streams.state());
            }
            Thread.sleep(50);
        }
        return new PassThroughStage(streams);
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
