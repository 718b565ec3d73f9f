package dev.flywheel.features.view;

import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.topology.runtime.DlqRouting;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.time.Duration;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The topology of one feature view: {@code <source>.valid} in, {@code features.<view>} out (keyed by
 * the entity key, see {@link EntityKeys}; valued by the record of {@link FeatureSchemas}), refused
 * records to {@code <source>.dlq}.
 *
 * <pre>
 *   source (event time by {@link EventTimeExtractor})
 *     └─ aggregate ({@link FeatureViewProcessor}) ── stores: entities (key-value), one window store per window
 *          ├─ features sink  → features.&lt;view&gt;
 *          └─ dlq sink       → &lt;source&gt;.dlq   (LATE, CONTRACT_REQUIRED, INCOMPATIBLE_SCHEMA)
 * </pre>
 */
public final class FeatureViewTopology {

    /** Name of the source node. */
    public static final String SOURCE = "source";
    /** Name of the aggregating processor node. */
    public static final String AGGREGATE = "aggregate";
    /** Name of the sink of feature rows. */
    public static final String FEATURES_SINK = "features-sink";
    /** Name of the sink of refused records. */
    public static final String DLQ_SINK = "dlq-sink";

    private FeatureViewTopology() {
    }

    /**
     * Builds the topology of a view. Pure: it connects to nothing; the serdes come from the catalogue.
     *
     * @param view the view, resolved against its source's schema
     * @param topics the topics catalogue
     * @param dlq counts and logs the refused records (and builds their {@code RejectedRecord})
     * @param metrics the view's counters
     * @return the topology
     */
    public static Topology buildTopology(ResolvedView view, TopicCatalogue topics, DlqRouting dlq,
                                         FeatureViewMetrics metrics) {
        String source = view.source().name();
        Topic<Bytes, GenericRecord> valid = topics.valid(source);
        Topic<String, GenericRecord> features = topics.features(view.name());
        Topic<Bytes, RejectedRecord> dlqTopic = topics.dlq(source);

        Topology topology = new Topology();
        // A new view computes from the start of its source's retained records.
        topology.addSource(AutoOffsetReset.earliest(), SOURCE, new EventTimeExtractor(view.source().timestamp()), valid.keySerde().deserializer(),
                valid.valueSerde().deserializer(), valid.name());
        topology.addProcessor(AGGREGATE, () -> new FeatureViewProcessor(view, valid.valueSerde().serializer(), dlq,
                metrics), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(view.entityStoreName()),
                Serdes.String(), FeatureState.serde(view.unwindowed())), AGGREGATE);
        for (WindowGroup group : view.windows()) {
            // Retention is window size plus grace: the oldest slice a record within the grace can still need.
            topology.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(group.storeName(),
                    group.retention(), Duration.ofMillis(group.sliceMillis()), false), Serdes.String(),
                    FeatureState.serde(group.features())), AGGREGATE);
        }
        topology.addSink(FEATURES_SINK, features.name(), features.keySerde().serializer(),
                features.valueSerde().serializer(), AGGREGATE);
        topology.addSink(DLQ_SINK, dlqTopic.name(), Serdes.Bytes().serializer(), dlqTopic.valueSerde().serializer(),
                AGGREGATE);
        return topology;
    }
}
