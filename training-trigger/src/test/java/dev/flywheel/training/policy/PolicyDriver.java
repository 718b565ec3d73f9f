package dev.flywheel.training.policy;

import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.Severity;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.training.Fixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The policy topology in a {@link TopologyTestDriver} whose wall clock starts at {@link Fixtures#T0}. */
final class PolicyDriver implements AutoCloseable {

    final FlywheelSpec spec = Fixtures.spec();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TopicCatalogue topics = TopicCatalogue.of(spec, FlywheelConfig.defaults(),
            new AvroTopicSerdes(new InMemorySchemaRegistryClient(), Map.of()));
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, SpecificRecord> drift;
    private final TestInputTopic<String, DataAvailable> data;
    private final TestInputTopic<String, SpecificRecord> training;
    private final TestOutputTopic<String, SpecificRecord> requests;

    PolicyDriver(Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "trigger-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TriggerTopology.buildTopology(spec, topics,
                new PolicySettings(Severity.MEDIUM, Duration.ofSeconds(1), 1), new PolicyMetrics(meters)), props,
                Fixtures.T0);
        drift = driver.createInputTopic(topics.drift().name(), topics.drift().keySerde().serializer(),
                topics.drift().valueSerde().serializer());
        data = driver.createInputTopic(topics.dataAvailable().name(), topics.dataAvailable().keySerde().serializer(),
                topics.dataAvailable().valueSerde().serializer());
        training = driver.createInputTopic(topics.training().name(), topics.training().keySerde().serializer(),
                topics.training().valueSerde().serializer());
        requests = driver.createOutputTopic(topics.training().name(), topics.training().keySerde().deserializer(),
                topics.training().valueSerde().deserializer());
    }

    void drift(DriftDetected alarm) {
        drift.pipeInput(alarm.getMonitor(), alarm);
    }

    void data(DataAvailable event) {
        data.pipeInput(event.getView(), event);
    }

    void training(String key, SpecificRecord event) {
        training.pipeInput(key, event);
    }

    void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    /** The requests written since the last call, but the scheduled model's (it fires whenever an hour passes). */
    List<TrainingRequested> requests() {
        return requests.readValuesToList().stream().filter(TrainingRequested.class::isInstance)
                .map(TrainingRequested.class::cast).filter(r -> !r.getModel().equals("nightly")).toList();
    }

    /** The requests of one model written since the last call (the others' are dropped). */
    List<TrainingRequested> requests(String model) {
        return requests.readValuesToList().stream().filter(TrainingRequested.class::isInstance)
                .map(TrainingRequested.class::cast).filter(r -> r.getModel().equals(model)).toList();
    }

    KeyValueStore<String, PolicyState> store() {
        return driver.getKeyValueStore(TriggerTopology.POLICY_STORE);
    }

    double counted(String kind, String outcome) {
        var counter = meters.find("flywheel.training.triggers").tag("kind", kind).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        driver.close();
    }
}
