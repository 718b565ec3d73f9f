package dev.flywheel.drift.stream;

import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.LabelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorTarget;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.state.Stores;

/**
 * The pure topology factory of a concept-drift monitor: the model's predictions joined with the labels on the
 * entity key into an error stream, watched by ADWIN or Page-Hinkley.
 *
 * <pre>
 * &lt;predictions&gt; ─▶ (entity key, score) ─▶ repartition ─┐
 *                                                ├─ outer join ±join_window ─▶ error 0/1 ─┐ (unmatched: counted)
 * &lt;labels&gt; ──────▶ (entity key, label) ─▶ repartition ─┘                             │
 * flywheel.models (ModelPromoted, ModelVersion) ───────────────────────────────┴─▶ key = monitor ─▶ repartition (1) ─▶ ConceptProcessor ─▶ flywheel.drift
 * </pre>
 *
 * <p>Join: key = the entity key (the predictions' {@code key} field against the label's {@code key} field, as
 * text), window = the monitor's {@code join_window} ({@link MonitorSpec#joinWindow()}, default
 * {@link MonitorSpec#DEFAULT_JOIN_WINDOW}) either side of the prediction's event time, grace {@link #JOIN_GRACE}.
 * An outer join, so a prediction no label reached (and a label without a prediction) is counted
 * ({@code outcome=unmatched_prediction|unmatched_label}) once the window closes. A prediction matched by two
 * labels gives two errors. Error: see {@link ErrorScorer}.
 */
public final class ConceptTopology {

    /** How late (behind stream time) a prediction or label may still join. */
    public static final Duration JOIN_GRACE = Duration.ofHours(1);

    private ConceptTopology() {
    }

    /**
     * Builds the topology of a concept-drift monitor.
     *
     * @param monitor the monitor (its target must be a {@link MonitorTarget.Concept})
     * @param spec the pipeline spec (the label, the model)
     * @param topics the topics catalogue
     * @param metrics the monitor's counters
     * @return the topology
     */
    public static Topology buildTopology(MonitorSpec monitor, FlywheelSpec spec, TopicCatalogue topics,
                                         DriftMetrics metrics) {
        MonitorTarget.Concept concept = (MonitorTarget.Concept) monitor.target();
        LabelSpec label = spec.labels().stream().filter(each -> each.name().equals(concept.label())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("monitor " + monitor.name() + " joins unknown label "
                        + concept.label()));
        String name = monitor.name();
        StreamsBuilder builder = new StreamsBuilder();
        Topic<Bytes, GenericRecord> predictionTopic = topics.predictions(name);
        Topic<Bytes, GenericRecord> labelTopic = topics.labels(label.name());
        MonitorTarget.PredictionStream stream = concept.predictions();
        KStream<String, Double> predictions = keyed(builder, predictionTopic, name, "predictions", stream.key(),
                stream.field(), stream.timestamp(), metrics);
        KStream<String, Double> labels = keyed(builder, labelTopic, name, "labels", label.key(), label.field(),
                label.timestamp(), metrics);
        KStream<String, MonitorInput> errors = predictions.outerJoin(labels, (score, truth) -> new double[] {
                        score == null ? Double.NaN : score, truth == null ? Double.NaN : truth},
                        JoinWindows.ofTimeDifferenceAndGrace(monitor.joinWindow(), JOIN_GRACE),
                        StreamJoined.<String, Double, Double>with(Serdes.String(), Serdes.Double(), Serdes.Double())
                                .withName("drift-" + name + "-join").withStoreName("drift-" + name + "-join"))
                .processValues(() -> new ErrorScorer(monitor.threshold(), metrics), Named.as("drift-" + name + "-error"))
                .selectKey((key, value) -> name);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DriftTopology.storeName(name)),
                Serdes.String(), Serdes.ByteArray()));
        Optional<String> champion = championOf(monitor, spec, label.name());
        errors.merge(DriftTopology.modelEvents(builder, topics, name))
                .repartition(Repartitioned.<String, MonitorInput>with(Serdes.String(), MonitorInputSerde.serde())
                        .withName("drift-" + name).withNumberOfPartitions(1))
                .process(() -> new ConceptProcessor(monitor, DriftTopology.storeName(name), champion, metrics),
                        Named.as("drift-" + name + "-monitor"), DriftTopology.storeName(name))
                .to(topics.drift().name(), Produced.with(topics.drift().keySerde(), topics.drift().valueSerde())
                        .withName("drift-" + name + "-out"));
        return builder.build();
    }

    private static KStream<String, Double> keyed(StreamsBuilder builder, Topic<Bytes, GenericRecord> topic,
                                                 String name, String side, String key, String field,
                                                 Optional<String> timestamp, DriftMetrics metrics) {
        return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde())
                        .withName("drift-" + name + "-" + side))
                .process(() -> new KeyedValueExtractor(key, field, timestamp, metrics),
                        Named.as("drift-" + name + "-" + side + "-key"))
                .repartition(Repartitioned.<String, Double>with(Serdes.String(), Serdes.Double())
                        .withName("drift-" + name + "-" + side));
    }

    /** The model whose promotions reset the detector: the monitor's, else the only one learning the label. */
    static Optional<String> championOf(MonitorSpec monitor, FlywheelSpec spec, String label) {
        if (monitor.model().isPresent()) {
            return monitor.model();
        }
        List<String> learners = spec.models().stream().filter(model -> model.label().equals(label))
                .map(ModelSpec::name).toList();
        return learners.size() == 1 ? Optional.of(learners.get(0)) : Optional.empty();
    }
}
