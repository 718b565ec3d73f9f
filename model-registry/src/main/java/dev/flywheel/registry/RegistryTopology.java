package dev.flywheel.registry;

import dev.flywheel.registry.artifact.ArtifactStore;
import dev.flywheel.registry.lineage.LineageIndexer;
import dev.flywheel.registry.lineage.LineageNode;
import dev.flywheel.registry.versions.CommandProcessor;
import dev.flywheel.registry.versions.JsonSerde;
import dev.flywheel.registry.versions.ModelSummary;
import dev.flywheel.registry.versions.RegistrationProcessor;
import dev.flywheel.registry.versions.RegistryCommand;
import dev.flywheel.registry.versions.RegistryMetrics;
import dev.flywheel.registry.versions.RegistryStoreNames;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The registry's topology, a pure factory. Two parts:
 *
 * <ul>
 *   <li><b>Versions.</b> Successful {@code TrainingJobStatus} events from {@code flywheel.training} are re-keyed by
 *   model, and promote/rollback commands are too, both through repartition topics of the same partition count, so
 *   one task applies every change of a model in order against the {@code registry-versions} and
 *   {@code registry-models} stores; the resulting {@code ModelVersion}, {@code ModelPromoted} and
 *   {@code ModelRejected} events go to {@code flywheel.models}.</li>
 *   <li><b>Lineage index.</b> Every event of {@code flywheel.data-available}, {@code .datasets}, {@code .drift}
 *   and {@code .training} lands in the {@code registry-lineage} store by event id.</li>
 * </ul>
 */
public final class RegistryTopology {

    private RegistryTopology() {
    }

    /**
     * Builds the topology.
     *
     * @param spec the models and their promotion policies
     * @param topics the deployment's topics
     * @param commands the registry's command topic ({@link RegistryTopics#commands})
     * @param artifacts reads artifacts to check their SHA-256
     * @param metrics counts registrations and commands
     * @param clock stamps the events
     * @return the topology
     */
    public static Topology buildTopology(FlywheelSpec spec, TopicCatalogue topics, Topic<String, RegistryCommand> commands,
                                         ArtifactStore artifacts, RegistryMetrics metrics, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        Topic<String, SpecificRecord> models = topics.models();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RegistryStoreNames.VERSIONS),
                Serdes.String(), models.valueSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RegistryStoreNames.MODELS),
                Serdes.String(), new JsonSerde<>(ModelSummary.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RegistryStoreNames.LINEAGE),
                Serdes.String(), new JsonSerde<>(LineageNode.class)));
        int partitions = models.settings().partitions();

        KStream<String, SpecificRecord> training = stream(builder, topics.training(), "training");
        KStream<String, SpecificRecord> registered = training
                .filter((key, value) -> value instanceof TrainingJobStatus status
                        && status.getState() == TrainingState.SUCCEEDED, Named.as("successful-trainings"))
                .selectKey((key, value) -> ((TrainingJobStatus) value).getModel(), Named.as("by-model"))
                .repartition(Repartitioned.<String, SpecificRecord>as("trainings-by-model")
                        .withKeySerde(Serdes.String()).withValueSerde(topics.training().valueSerde())
                        .withNumberOfPartitions(partitions))
                .process(() -> new RegistrationProcessor(spec, artifacts, clock, metrics), Named.as("register"),
                        RegistryStoreNames.VERSIONS, RegistryStoreNames.MODELS);
        KStream<String, SpecificRecord> commanded = builder.stream(commands.name(),
                        Consumed.with(commands.keySerde(), commands.valueSerde()).withName("commands"))
                .selectKey((key, command) -> command.model(), Named.as("commands-by-model-key"))
                .repartition(Repartitioned.<String, RegistryCommand>as("commands-by-model")
                        .withKeySerde(Serdes.String()).withValueSerde(commands.valueSerde())
                        .withNumberOfPartitions(partitions))
                .process(() -> new CommandProcessor(spec, clock, metrics), Named.as("apply-command"),
                        RegistryStoreNames.VERSIONS, RegistryStoreNames.MODELS);
        registered.merge(commanded, Named.as("registry-events"))
                .to(models.name(), Produced.with(models.keySerde(), models.valueSerde()).withName("models"));

        training.merge(stream(builder, topics.drift(), "drift"), Named.as("lineage-drift"))
                .merge(builder.stream(topics.datasets().name(), Consumed.with(topics.datasets().keySerde(),
                                topics.datasets().valueSerde()).withName("datasets"))
                        .mapValues(value -> (SpecificRecord) value, Named.as("dataset-events")), Named.as("lineage-datasets"))
                .merge(builder.stream(topics.dataAvailable().name(), Consumed.with(topics.dataAvailable().keySerde(),
                                topics.dataAvailable().valueSerde()).withName("data-available"))
                        .mapValues(value -> (SpecificRecord) value, Named.as("data-events")), Named.as("lineage-data"))
                .process(LineageIndexer::new, Named.as("index-lineage"), RegistryStoreNames.LINEAGE);
        return builder.build();
    }

    private static KStream<String, SpecificRecord> stream(StreamsBuilder builder, Topic<String, SpecificRecord> topic,
                                                          String name) {
        return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name));
    }
}
