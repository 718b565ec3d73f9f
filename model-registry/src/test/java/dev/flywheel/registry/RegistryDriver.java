package dev.flywheel.registry;

import dev.flywheel.registry.artifact.ArtifactStores;
import dev.flywheel.registry.lineage.LineageNode;
import dev.flywheel.registry.versions.ModelSummary;
import dev.flywheel.registry.versions.RegistryCommand;
import dev.flywheel.registry.versions.RegistryMetrics;
import dev.flywheel.registry.versions.RegistryStoreNames;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The registry topology in a {@link TopologyTestDriver} with an in-memory schema registry, its input and output
 * topics, its stores, and a {@link ModelRegistry} whose commands are piped into the driver.
 */
public final class RegistryDriver implements AutoCloseable {

    /** The spec of {@link Fixtures#spec()}. */
    public final FlywheelSpec spec = Fixtures.spec();
    /** The counters. */
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemorySchemaRegistryClient schemaRegistry = new InMemorySchemaRegistryClient();
    /** The catalogue. */
    public final TopicCatalogue topics = TopicCatalogue.of(spec, FlywheelConfig.defaults(),
            new AvroTopicSerdes(schemaRegistry, Map.of()));
    private final Topic<String, RegistryCommand> commandTopic = RegistryTopics.commands(topics);
    private final TopologyTestDriver driver;
    /** {@code flywheel.training}. */
    public final TestInputTopic<String, SpecificRecord> training;
    /** {@code flywheel.drift}. */
    public final TestInputTopic<String, SpecificRecord> drift;
    /** The command topic. */
    public final TestInputTopic<String, RegistryCommand> commands;
    /** {@code flywheel.models}. */
    public final TestOutputTopic<String, SpecificRecord> models;
    private final TestInputTopic<String, dev.flywheel.schemas.events.DatasetSnapshot> datasets;
    private final TestInputTopic<String, dev.flywheel.schemas.events.DataAvailable> dataAvailable;

    /**
     * Starts the driver.
     *
     * @param stateDir the driver's state directory
     */
    public RegistryDriver(Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "registry-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(RegistryTopology.buildTopology(spec, topics, commandTopic,
                ArtifactStores.localAnd(), new RegistryMetrics(meters), Clock.fixed(Fixtures.T0, ZoneOffset.UTC)),
                props);
        training = input(topics.training());
        drift = input(topics.drift());
        commands = input(commandTopic);
        datasets = input(topics.datasets());
        dataAvailable = input(topics.dataAvailable());
        models = driver.createOutputTopic(topics.models().name(), topics.models().keySerde().deserializer(),
                topics.models().valueSerde().deserializer());
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** Pipes a training event keyed by its request id. */
    public void train(dev.flywheel.schemas.events.TrainingJobStatus status) {
        training.pipeInput(status.getRequestId(), status);
    }

    /** Pipes a lineage event to its topic. */
    public void pipe(SpecificRecord event) {
        if (event instanceof dev.flywheel.schemas.events.DatasetSnapshot dataset) {
            datasets.pipeInput(dataset.getDatasetId(), dataset);
        } else if (event instanceof dev.flywheel.schemas.events.DataAvailable data) {
            dataAvailable.pipeInput(data.getView(), data);
        } else if (event instanceof dev.flywheel.schemas.events.DriftDetected alarm) {
            drift.pipeInput(alarm.getMonitor(), alarm);
        } else {
            training.pipeInput("request", event);
        }
    }

    /** Returns and consumes everything written to {@code flywheel.models} since the last call. */
    public List<KeyValue<String, SpecificRecord>> emitted() {
        return models.readKeyValuesToList();
    }

    /** The stores, read through the driver. */
    public RegistryStores stores() {
        return new RegistryStores() {
            @Override
            public ReadOnlyKeyValueStore<String, SpecificRecord> versions() {
                return driver.getKeyValueStore(RegistryStoreNames.VERSIONS);
            }

            @Override
            public ReadOnlyKeyValueStore<String, ModelSummary> models() {
                return driver.getKeyValueStore(RegistryStoreNames.MODELS);
            }

            @Override
            public ReadOnlyKeyValueStore<String, LineageNode> lineage() {
                return driver.getKeyValueStore(RegistryStoreNames.LINEAGE);
            }
        };
    }

    /** The Java API over the driver: commands are piped in at once, so they are applied before it answers. */
    public ModelRegistry registry() {
        return new ModelRegistry(spec, stores(), command -> commands.pipeInput(command.model(), command),
                Clock.fixed(Fixtures.T0, ZoneOffset.UTC), Duration.ZERO);
    }

    @Override
    public void close() {
        driver.close();
        schemaRegistry.close();
    }
}
