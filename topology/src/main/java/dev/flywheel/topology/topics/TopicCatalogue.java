package dev.flywheel.topology.topics;

import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FeatureViewSpec;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.LabelSpec;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorTarget;
import dev.flywheel.topology.spec.SourceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;

/**
 * Every topic of one Flywheel deployment, typed, built once from the spec and the settings: the
 * backbone topics, and per source {@code <source>.valid} and {@code <source>.dlq}, per view
 * {@code features.<view>}, plus the producers' own input topics (read, never created). Immutable.
 *
 * <p>Keys of the backbone topics are strings (ids); keys of source-derived topics are the producers'
 * original key bytes, untouched; keys of feature topics are the entity key as text (composite keys
 * joined by the feature pipeline).
 */
public final class TopicCatalogue {

    /** Retention of {@code <source>.valid}. */
    public static final Duration VALID_RETENTION = Duration.ofDays(7);
    /** Retention of {@code <source>.dlq}: long enough to notice, fix and replay. */
    public static final Duration DLQ_RETENTION = Duration.ofDays(30);
    /** Retention of {@code features.<view>}. */
    public static final Duration FEATURES_RETENTION = Duration.ofDays(7);

    private final TopicNames names;
    private final Topic<String, DataAvailable> dataAvailable;
    private final Topic<String, DatasetSnapshot> datasets;
    private final Topic<String, SpecificRecord> drift;
    private final Topic<String, SpecificRecord> training;
    private final Topic<String, SpecificRecord> models;
    private final Topic<String, String> dlqReplays;
    private final Map<String, Topic<Bytes, Bytes>> inputs = new LinkedHashMap<>();
    private final Map<String, Topic<Bytes, GenericRecord>> valid = new LinkedHashMap<>();
    private final Map<String, Topic<Bytes, RejectedRecord>> dlq = new LinkedHashMap<>();
    private final Map<String, Topic<String, GenericRecord>> features = new LinkedHashMap<>();
    private final Map<String, Topic<Bytes, GenericRecord>> labels = new LinkedHashMap<>();
    private final Map<String, Topic<Bytes, GenericRecord>> predictions = new LinkedHashMap<>();
    private final Map<String, String> dlqOfTopic = new LinkedHashMap<>();

    private TopicCatalogue(FlywheelSpec spec, TopicNames names, TopicSettings base, TopicSerdes serdes) {
        this.names = names;
        TopicSettings delete = base;
        TopicSettings compact = new TopicSettings(base.partitions(), base.replicationFactor(), CleanupPolicy.COMPACT,
                Optional.empty(), Map.of());
        TopicSettings external = new TopicSettings(1, Optional.empty(), CleanupPolicy.DELETE, Optional.empty(), Map.of());
        dataAvailable = own(names.dataAvailable(), serdes.event(DataAvailable.class), delete);
        datasets = own(names.datasets(), serdes.event(DatasetSnapshot.class), compact);
        drift = own(names.drift(), serdes.events(), delete);
        training = own(names.training(), serdes.events(), delete);
        models = own(names.models(), serdes.events(), compact);
        dlqReplays = own(names.dlqReplays(), Serdes.String(), compact);
        for (SourceSpec source : spec.sources()) {
            String name = source.name();
            inputs.put(name, new Topic<>(source.topic(), Serdes.Bytes(), Serdes.Bytes(), external, TopicOwner.EXTERNAL));
            valid.put(name, new Topic<>(names.valid(name), Serdes.Bytes(), serdes.generic(),
                    delete.withRetention(VALID_RETENTION), TopicOwner.FLYWHEEL));
            dlq.put(name, new Topic<>(names.dlq(name), Serdes.Bytes(), serdes.event(RejectedRecord.class),
                    delete.withRetention(DLQ_RETENTION), TopicOwner.FLYWHEEL));
            dlqOfTopic.put(source.topic(), names.dlq(name));
            dlqOfTopic.put(names.valid(name), names.dlq(name));
        }
        for (FeatureViewSpec view : spec.featureViews()) {
            features.put(view.name(), new Topic<>(names.features(view.name()), Serdes.String(), serdes.generic(),
                    delete.withRetention(FEATURES_RETENTION), TopicOwner.FLYWHEEL));
            dlqOfTopic.put(names.features(view.name()), names.dlq(view.source()));
        }
        for (LabelSpec label : spec.labels()) {
            labels.put(label.name(), new Topic<>(label.topic(), Serdes.Bytes(), serdes.generic(), external,
                    TopicOwner.EXTERNAL));
        }
        for (MonitorSpec monitor : spec.monitors()) {
            predictionStream(monitor.target()).ifPresent(stream -> predictions.put(monitor.name(),
                    new Topic<>(stream.topic(), Serdes.Bytes(), serdes.generic(), external, TopicOwner.EXTERNAL)));
        }
    }

    /**
     * Builds the catalogue of a spec with the configured prefix, partitions and replication factor.
     *
     * @param spec the pipeline spec
     * @param config the runtime settings
     * @param serdes makes the value serdes
     * @return the catalogue
     */
    public static TopicCatalogue of(FlywheelSpec spec, FlywheelConfig config, TopicSerdes serdes) {
        return of(spec, new TopicNames(config.topicPrefix()), new TopicSettings(config.topicPartitions(),
                config.topicReplicationFactor(), CleanupPolicy.DELETE, Optional.empty(), Map.of()), serdes);
    }

    /**
     * Builds the catalogue of a spec.
     *
     * @param spec the pipeline spec
     * @param names the topic names (with their prefix)
     * @param base partitions and replication of every topic Flywheel creates
     * @param serdes makes the value serdes
     * @return the catalogue
     */
    public static TopicCatalogue of(FlywheelSpec spec, TopicNames names, TopicSettings base, TopicSerdes serdes) {
        return new TopicCatalogue(spec, names, base, serdes);
    }

    private static <V> Topic<String, V> own(String name, Serde<V> value, TopicSettings settings) {
        return new Topic<>(name, Serdes.String(), value, settings, TopicOwner.FLYWHEEL);
    }

    private static Optional<MonitorTarget.PredictionStream> predictionStream(MonitorTarget target) {
        if (target instanceof MonitorTarget.Prediction prediction) {
            return Optional.of(prediction.predictions());
        }
        if (target instanceof MonitorTarget.Concept concept) {
            return Optional.of(concept.predictions());
        }
        return Optional.empty();
    }

    /** Returns the topic names (and so the prefix). */
    public TopicNames names() {
        return names;
    }

    /** {@code flywheel.data-available}: key view, value {@code DataAvailable}. */
    public Topic<String, DataAvailable> dataAvailable() {
        return dataAvailable;
    }

    /** {@code flywheel.datasets} (compacted): key dataset id, value {@code DatasetSnapshot}. */
    public Topic<String, DatasetSnapshot> datasets() {
        return datasets;
    }

    /** {@code flywheel.drift}: key monitor/feature, values {@code DriftDetected} and {@code DriftResolved}. */
    public Topic<String, SpecificRecord> drift() {
        return drift;
    }

    /** {@code flywheel.training}: key request id, values {@code TrainingRequested} and {@code TrainingJobStatus}. */
    public Topic<String, SpecificRecord> training() {
        return training;
    }

    /** {@code flywheel.models} (compacted): key model/version, values {@code ModelVersion} and {@code ModelPromoted}. */
    public Topic<String, SpecificRecord> models() {
        return models;
    }

    /**
     * {@code flywheel.dlq-replays} (compacted): key the {@code event_id} of a replayed {@code RejectedRecord},
     * value a JSON note of when and where it was replayed. Bookkeeping of {@code flywheel dlq replay}, so
     * that replaying the same selection twice re-submits nothing twice.
     */
    public Topic<String, String> dlqReplays() {
        return dlqReplays;
    }

    /** A source's input topic, as producers write it (raw bytes; never created by Flywheel). */
    public Topic<Bytes, Bytes> sourceInput(String source) {
        return lookup(inputs, source, "source");
    }

    /** {@code <source>.valid}: the source's valid records, original key bytes, lineage headers added. */
    public Topic<Bytes, GenericRecord> valid(String source) {
        return lookup(valid, source, "source");
    }

    /** {@code <source>.dlq}: the source's rejected records, original key bytes. */
    public Topic<Bytes, RejectedRecord> dlq(String source) {
        return lookup(dlq, source, "source");
    }

    /** {@code features.<view>}: the view's feature records, keyed by entity. */
    public Topic<String, GenericRecord> features(String view) {
        return lookup(features, view, "feature view");
    }

    /** A label stream's topic (never created by Flywheel). */
    public Topic<Bytes, GenericRecord> labels(String label) {
        return lookup(labels, label, "label");
    }

    /** The predictions topic a monitor watches (never created by Flywheel). */
    public Topic<Bytes, GenericRecord> predictions(String monitor) {
        return lookup(predictions, monitor, "prediction monitor");
    }

    /**
     * Returns the dead-letter topic for records read from a topic: a source's input, its valid topic, or
     * the features of a view of that source.
     *
     * @param topicName the topic records are read from
     * @return the DLQ topic, or empty when records of that topic have no DLQ
     */
    public Optional<String> dlqFor(String topicName) {
        return Optional.ofNullable(dlqOfTopic.get(topicName));
    }

    /** Returns every topic: Flywheel's own first (backbone, then per source and view), then inputs. */
    public List<Topic<?, ?>> all() {
        List<Topic<?, ?>> all = new ArrayList<>(provisioned());
        all.addAll(inputs.values());
        all.addAll(labels.values());
        all.addAll(predictions.values());
        return Collections.unmodifiableList(all);
    }

    /** Returns the topics Flywheel creates and checks. */
    public List<Topic<?, ?>> provisioned() {
        List<Topic<?, ?>> own = new ArrayList<>(List.of(dataAvailable, datasets, drift, training, models,
                dlqReplays));
        for (String source : valid.keySet()) {
            own.add(valid.get(source));
            own.add(dlq.get(source));
        }
        own.addAll(features.values());
        return Collections.unmodifiableList(own);
    }

    /** Returns the topic of a name, if the catalogue has one. */
    public Optional<Topic<?, ?>> topic(String name) {
        return all().stream().filter(topic -> topic.name().equals(name)).findFirst();
    }

    private static <T> T lookup(Map<String, T> topics, String name, String what) {
        T topic = topics.get(name);
        if (topic == null) {
            throw new IllegalArgumentException("unknown " + what + " '" + name + "' (known: "
                    + String.join(", ", topics.keySet()) + ")");
        }
        return topic;
    }
}
