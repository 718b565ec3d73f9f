package dev.flywheel.drift.stream;

import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelVersion;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorTarget;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.util.List;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The pure topology factory of one data-drift monitor.
 *
 * <pre>
 * features.&lt;view&gt; ──▶ watched features ─┐
 * flywheel.models (ModelPromoted, ModelVersion) ─┼─▶ key = monitor ─▶ repartition (1 partition) ─▶ DriftProcessor ─▶ flywheel.drift
 * flywheel.datasets (DatasetSnapshot) ───────────┘
 * </pre>
 *
 * <p>Everything a monitor reads goes through one single-partition internal topic, so one task sees every
 * row of the view and every reference event in one order, and keeps one window: a drift window is a sample
 * of the whole view, not of a partition. The cost is that one monitor is one thread; monitors scale by
 * monitor, not by partition.
 */
public final class DriftTopology {

    private DriftTopology() {
    }

    /** Returns the state store name of a monitor. */
    public static String storeName(String monitor) {
        return "drift-" + monitor + "-state";
    }

    /**
     * Builds the topology of a data-drift monitor.
     *
     * @param monitor the monitor (its target must be a view)
     * @param spec the pipeline spec (the view's features, the model whose champion is the reference)
     * @param topics the topics catalogue
     * @param metrics the monitor's counters
     * @return the topology
     * @throws IllegalArgumentException when the monitor does not watch a view of the spec
     */
    public static Topology buildTopology(MonitorSpec monitor, FlywheelSpec spec, TopicCatalogue topics,
                                         DriftMetrics metrics) {
        if (monitor.target() instanceof MonitorTarget.Prediction prediction) {
            return buildPredictionTopology(monitor, prediction.predictions(), spec, topics, metrics);
        }
        if (monitor.target() instanceof MonitorTarget.Concept) {
            return ConceptTopology.buildTopology(monitor, spec, topics, metrics);
        }
        MonitorTarget.Data data = (MonitorTarget.Data) monitor.target();
        FeatureViewSpec view = spec.featureView(data.view()).orElseThrow(() -> new IllegalArgumentException(
                "monitor " + monitor.name() + " watches unknown view " + data.view()));
        List<String> features = view.features().stream().map(FeatureSpec::name).toList();
        String name = monitor.name();
        StreamsBuilder builder = new StreamsBuilder();
        Topic<String, GenericRecord> rows = topics.features(view.name());
        KStream<String, MonitorInput> observations = builder.stream(rows.name(),
                        Consumed.with(rows.keySerde(), rows.valueSerde()).withName("drift-" + name + "-features"))
                .processValues(() -> new ObservationExtractor(features, metrics), Named.as("drift-" + name + "-observe"));
        KStream<String, MonitorInput> models = builder.stream(topics.models().name(),
                        Consumed.with(topics.models().keySerde(), topics.models().valueSerde())
                                .withName("drift-" + name + "-models"))
                .filter((key, event) -> event instanceof ModelPromoted || event instanceof ModelVersion)
                .mapValues(MonitorInput.ReferenceEvent::new);
        KStream<String, MonitorInput> datasets = datasetEvents(builder, topics, name);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName(name)),
                Serdes.String(), Serdes.ByteArray()));
        Optional<String> champion = championOf(monitor, spec, view.name());
        observations.merge(models).merge(datasets)
                .selectKey((key, value) -> name)
                .repartition(Repartitioned.<String, MonitorInput>with(Serdes.String(), MonitorInputSerde.serde())
                        .withName("drift-" + name).withNumberOfPartitions(1))
                .process(() -> new DriftProcessor(monitor, view.name(), storeName(name), champion, metrics),
                        Named.as("drift-" + name + "-monitor"), storeName(name))
                .to(topics.drift().name(), Produced.with(topics.drift().keySerde(), topics.drift().valueSerde())
                        .withName("drift-" + name + "-out"));
        return builder.build();
    }

    /**
     * The topology of a prediction-drift monitor: the data monitor's, over the one prediction field. Its
     * reference is the profile of {@code <topic>:<field>} in the explicit reference dataset or the champion's
     * snapshot, else frozen from the first predictions after each promotion of the champion
     * ({@link PredictionReference}).
     *
     * <pre>
     * &lt;predictions topic&gt; ──▶ field (event time from 'timestamp') ─┐
     * flywheel.models (ModelPromoted, ModelVersion) ───────────┤
     * flywheel.datasets (DatasetSnapshot) ─────────────────────┴─▶ key = monitor ─▶ repartition (1) ─▶ DriftProcessor ─▶ flywheel.drift
     * </pre>
     */
    static Topology buildPredictionTopology(MonitorSpec monitor, MonitorTarget.PredictionStream stream,
                                            FlywheelSpec spec, TopicCatalogue topics, DriftMetrics metrics) {
        String name = monitor.name();
        StreamsBuilder builder = new StreamsBuilder();
        Topic<Bytes, GenericRecord> predictions = topics.predictions(name);
        KStream<String, MonitorInput> observations = builder.stream(predictions.name(),
                        Consumed.with(predictions.keySerde(), predictions.valueSerde())
                                .withName("drift-" + name + "-predictions"))
                .processValues(() -> new ObservationExtractor<Bytes>(List.of(stream.field()), stream.timestamp(),
                        metrics), Named.as("drift-" + name + "-observe"))
                .selectKey((key, value) -> name);
        KStream<String, MonitorInput> models = modelEvents(builder, topics, name);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName(name)),
                Serdes.String(), Serdes.ByteArray()));
        Optional<String> champion = monitor.referenceDataset().isPresent() ? Optional.empty() : championOf(monitor, spec);
        observations.merge(models).merge(datasetEvents(builder, topics, name).selectKey((key, value) -> name))
                .repartition(Repartitioned.<String, MonitorInput>with(Serdes.String(), MonitorInputSerde.serde())
                        .withName("drift-" + name).withNumberOfPartitions(1))
                .process(() -> new DriftProcessor(monitor, stream.topic(), storeName(name), champion, metrics,
                                new PredictionReference(stream.topic(), stream.field(), PredictionReference.size(monitor))),
                        Named.as("drift-" + name + "-monitor"), storeName(name))
                .to(topics.drift().name(), Produced.with(topics.drift().keySerde(), topics.drift().valueSerde())
                        .withName("drift-" + name + "-out"));
        return builder.build();
    }

    /** The dataset snapshots (tombstones of the compacted topic left out), keyed as they came. */
    private static KStream<String, MonitorInput> datasetEvents(StreamsBuilder builder, TopicCatalogue topics,
                                                               String name) {
        return builder.stream(topics.datasets().name(), Consumed.with(topics.datasets().keySerde(),
                        topics.datasets().valueSerde()).withName("drift-" + name + "-datasets"))
                .filter((key, snapshot) -> snapshot != null)
                .mapValues(MonitorInput.ReferenceEvent::new);
    }

    /** The champion's promotions and production versions, keyed by the monitor. */
    static KStream<String, MonitorInput> modelEvents(StreamsBuilder builder, TopicCatalogue topics, String name) {
        return builder.stream(topics.models().name(), Consumed.with(topics.models().keySerde(),
                        topics.models().valueSerde()).withName("drift-" + name + "-models"))
                .filter((key, event) -> event instanceof ModelPromoted || event instanceof ModelVersion)
                .<MonitorInput>mapValues(MonitorInput.ReferenceEvent::new)
                .selectKey((key, value) -> name);
    }

    /**
     * Returns the model whose predictions a prediction or concept monitor watches: the monitor's, else the
     * spec's only model; empty when neither names one (the reference then starts with the first predictions
     * and never switches).
     */
    static Optional<String> championOf(MonitorSpec monitor, FlywheelSpec spec) {
        if (monitor.model().isPresent()) {
            return monitor.model();
        }
        return spec.models().size() == 1 ? Optional.of(spec.models().get(0).name()) : Optional.empty();
    }

    /**
     * Returns the model whose champion's training data is the reference: the monitor's, else the only model
     * that reads the view; empty with an explicit reference dataset or when no single model qualifies.
     */
    static Optional<String> championOf(MonitorSpec monitor, FlywheelSpec spec, String view) {
        if (monitor.referenceDataset().isPresent()) {
            return Optional.empty();
        }
        if (monitor.model().isPresent()) {
            return monitor.model();
        }
        List<String> readers = spec.models().stream().filter(model -> model.views().contains(view))
                .map(ModelSpec::name).toList();
        return readers.size() == 1 ? Optional.of(readers.get(0)) : Optional.empty();
    }
}
