package dev.flywheel.features.view;

import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.topology.runtime.DlqRouting;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The topology of one feature view: {@code <source>.valid} in, {@code features.<view>} out (keyed by
 * the entity key, see {@link EntityKeys}; valued by the record of {@link FeatureSchemas}), refused
 * records to {@code <source>.dlq}.
 *
 * <p>When the source is keyed by the view's entity ({@link ResolvedView#keyedBySource()}):
 * <pre>
 *   source (event time by {@link EventTimeExtractor})
 *     └─ aggregate ({@link FeatureViewProcessor}) ── store: features-&lt;view&gt;-state (key-value, entity key to its state)
 *          ├─ features sink  → features.&lt;view&gt;
 *          └─ dlq sink       → &lt;source&gt;.dlq   (LATE, CONTRACT_REQUIRED, INCOMPATIBLE_SCHEMA)
 * </pre>
 * Otherwise every entity's events are brought to one task first:
 * <pre>
 *   source ── key-by-entity ({@link EntityKeyProcessor}) ─┬─ refused → key-dlq-sink → &lt;source&gt;.dlq
 *                                                         └─ repartition "by-entity"
 *                                                              (&lt;application.id&gt;-by-entity-repartition)
 *                                                              └─ aggregate ─ features sink, dlq sink (as above)
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
    /** Name of the processor keying records by entity, when the view repartitions. */
    public static final String KEY_BY_ENTITY = "key-by-entity";
    /** Name of the sink of records refused before the repartition. */
    public static final String KEY_DLQ_SINK = "key-dlq-sink";
    /**
     * Name of the repartition: Kafka Streams names the internal topic
     * {@code <application.id>-by-entity-repartition}, here {@code <prefix>flywheel-features-<view>-by-entity-repartition}.
     */
    public static final String REPARTITION = "by-entity";
    /**
     * Name of the sink of feature rows when a row gate is given: the gate then takes the name {@link #FEATURES_SINK}
     * (the aggregate forwards rows to it) and passes what it accepts on to this sink.
     */
    public static final String GATED_FEATURES_SINK = "features-sink-gated";

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
        return buildTopology(view, topics, dlq, metrics, null);
    }

    /**
     * Builds the topology of a view whose rows reach {@code features.<view>} only when {@code emitAsOf} accepts
     * their {@code event_timestamp}: a replay computes its warm-up rows (state only) without writing them.
     * Refused records are not gated.
     *
     * @param view the view, resolved against its source's schema
     * @param topics the topics catalogue
     * @param dlq counts and logs the refused records (and builds their {@code RejectedRecord})
     * @param metrics the view's counters
     * @param emitAsOf which rows to write, by their {@code event_timestamp}; null writes every row
     * @return the topology
     */
    public static Topology buildTopology(ResolvedView view, TopicCatalogue topics, DlqRouting dlq,
                                         FeatureViewMetrics metrics, LongPredicate emitAsOf) {
        Topic<Bytes, GenericRecord> valid = topics.valid(view.source().name());
        SourceRefusals refusals = new SourceRefusals(valid.name(), valid.valueSerde().serializer(), dlq);
        return view.keyedBySource() ? direct(view, topics, refusals, metrics, emitAsOf)
                : repartitioned(view, topics, refusals, metrics, emitAsOf);
    }

    private static boolean emits(LongPredicate emitAsOf, Object row) {
        return emitAsOf.test((Long) ((GenericRecord) row).get(FeatureSchemas.EVENT_TIMESTAMP));
    }

    private static Topology direct(ResolvedView view, TopicCatalogue topics, SourceRefusals refusals,
                                   FeatureViewMetrics metrics, LongPredicate emitAsOf) {
        Topic<Bytes, GenericRecord> valid = topics.valid(view.source().name());
        Topic<String, GenericRecord> features = topics.features(view.name());
        Topic<Bytes, RejectedRecord> dlqTopic = topics.dlq(view.source().name());
        Topology topology = new Topology();
        // A new view computes from the start of its source's retained records.
        topology.addSource(AutoOffsetReset.earliest(), SOURCE, new EventTimeExtractor(view.source().timestamp()),
                valid.keySerde().deserializer(), valid.valueSerde().deserializer(), valid.name());
        topology.addProcessor(AGGREGATE, () -> new FeatureViewProcessor(view, refusals, metrics, true), SOURCE);
        for (StoreBuilder<?> store : stores(view)) {
            topology.addStateStore(store, AGGREGATE);
        }
        if (emitAsOf == null) {
            topology.addSink(FEATURES_SINK, features.name(), features.keySerde().serializer(),
                    features.valueSerde().serializer(), AGGREGATE);
        } else {
            topology.addProcessor(FEATURES_SINK, () -> new ContextualProcessor<Object, Object, Object, Object>() {
                @Override
                public void process(Record<Object, Object> row) {
                    if (emits(emitAsOf, row.value())) {
                        context().forward(row);
                    }
                }
            }, AGGREGATE);
            topology.addSink(GATED_FEATURES_SINK, features.name(), features.keySerde().serializer(),
                    features.valueSerde().serializer(), FEATURES_SINK);
        }
        topology.addSink(DLQ_SINK, dlqTopic.name(), Serdes.Bytes().serializer(), dlqTopic.valueSerde().serializer(),
                AGGREGATE);
        return topology;
    }

    @SuppressWarnings("unchecked")
    private static Topology repartitioned(ResolvedView view, TopicCatalogue topics, SourceRefusals refusals,
                                          FeatureViewMetrics metrics, LongPredicate emitAsOf) {
        Topic<Bytes, GenericRecord> valid = topics.valid(view.source().name());
        Topic<String, GenericRecord> features = topics.features(view.name());
        Topic<Bytes, RejectedRecord> dlqTopic = topics.dlq(view.source().name());
        StreamsBuilder builder = new StreamsBuilder();
        List<String> storeNames = new ArrayList<>();
        for (StoreBuilder<?> store : stores(view)) {
            builder.addStateStore(store);
            storeNames.add(store.name());
        }
        KStream<Object, Object> keyed = builder.stream(valid.name(), Consumed.with(valid.keySerde(), valid.valueSerde())
                        .withTimestampExtractor(new EventTimeExtractor(view.source().timestamp()))
                        .withOffsetResetPolicy(AutoOffsetReset.earliest()).withName(SOURCE))
                .process(() -> new EntityKeyProcessor(view, refusals, metrics), Named.as(KEY_BY_ENTITY));
        Map<String, KStream<Object, Object>> branches = keyed.split(Named.as(KEY_BY_ENTITY + "-"))
                .branch((key, value) -> value instanceof RejectedRecord, Branched.as("refused"))
                .defaultBranch(Branched.as("keyed"));
        ((KStream<Bytes, RejectedRecord>) (KStream<?, ?>) branches.get(KEY_BY_ENTITY + "-refused"))
                .to(dlqTopic.name(), Produced.with(Serdes.Bytes(), dlqTopic.valueSerde()).withName(KEY_DLQ_SINK));
        ProcessorSupplier<Object, GenericRecord, Object, Object> aggregate =
                () -> new FeatureViewProcessor(view, refusals, metrics, false);
        KStream<Object, Object> rows = ((KStream<String, GenericRecord>) (KStream<?, ?>) branches.get(KEY_BY_ENTITY + "-keyed"))
                // The timestamp of a repartitioned record is the event time the source's extractor gave it.
                .repartition(Repartitioned.<String, GenericRecord>as(REPARTITION).withKeySerde(Serdes.String())
                        .withValueSerde(underSubjectOf(valid)))
                .process(aggregate, Named.as(AGGREGATE),
                        storeNames.toArray(String[]::new));
        if (emitAsOf == null) {
            ((KStream<String, GenericRecord>) (KStream<?, ?>) rows).to(features.name(),
                    Produced.with(features.keySerde(), features.valueSerde()).withName(FEATURES_SINK));
        } else {
            ((KStream<String, GenericRecord>) (KStream<?, ?>) rows)
                    .filter((key, row) -> emits(emitAsOf, row), Named.as(FEATURES_SINK))
                    .to(features.name(), Produced.with(features.keySerde(), features.valueSerde())
                            .withName(GATED_FEATURES_SINK));
        }
        ((KStream<Bytes, RejectedRecord>) (KStream<?, ?>) rows).to(dlqTopic.name(),
                Produced.with(Serdes.Bytes(), dlqTopic.valueSerde()).withName(DLQ_SINK));
        return builder.build();
    }

    /**
     * The view's one state store: per entity key, its whole {@link EntityState}, so an event costs one read, one
     * write and one changelog record (see DESIGN.md, "One store per view"). No record cache: see DESIGN.md.
     */
    private static List<StoreBuilder<?>> stores(ResolvedView view) {
        EntityStateCodec codec = new EntityStateCodec(view.unwindowed(), view.windows());
        Serde<EntityState> serde = Serdes.serdeFrom(
                (topic, state) -> state == null ? null : codec.encode(state),
                (topic, bytes) -> bytes == null ? null : codec.decode(bytes));
        return List.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(view.stateStoreName()),
                Serdes.String(), serde));
    }

    /**
     * The source's value serde, but always under the source topic's subject: records cross the repartition topic
     * byte for byte as the ingestion stage wrote them, and no subject is registered for the internal topic.
     */
    private static Serde<GenericRecord> underSubjectOf(Topic<Bytes, GenericRecord> valid) {
        Serde<GenericRecord> serde = valid.valueSerde();
        return Serdes.serdeFrom((topic, value) -> serde.serializer().serialize(valid.name(), value),
                (topic, bytes) -> serde.deserializer().deserialize(valid.name(), bytes));
    }
}
