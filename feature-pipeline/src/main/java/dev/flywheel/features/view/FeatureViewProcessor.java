package dev.flywheel.features.view;

import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.topology.runtime.DlqRouting;
import dev.flywheel.topology.runtime.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Computes one view: on each source record, updates the entity's state and the slice of each window it
 * falls in, then emits ONE row with the current value of every feature of the entity, as of the
 * entity's latest event time (see DESIGN.md). Records it cannot use go to the source's DLQ: late ones
 * with {@code LATE}, ones without a value with {@code NULL_VALUE}, ones without an entity key or event
 * time with {@code CONTRACT_REQUIRED}, ones whose field values do not fit the view's types with
 * {@code INCOMPATIBLE_SCHEMA}.
 */
final class FeatureViewProcessor implements Processor<Bytes, GenericRecord, Object, Object> {

    private final ResolvedView view;
    private final Serializer<GenericRecord> valueSerializer;
    private final DlqRouting dlq;
    private final FeatureViewMetrics metrics;
    private final long grace;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, FeatureState> entities;
    private final List<WindowStore<String, FeatureState>> windows = new ArrayList<>();

    FeatureViewProcessor(ResolvedView view, Serializer<GenericRecord> valueSerializer, DlqRouting dlq,
                         FeatureViewMetrics metrics) {
        this.view = view;
        this.valueSerializer = valueSerializer;
        this.dlq = dlq;
        this.metrics = metrics;
        this.grace = view.spec().grace().toMillis();
    }

    @Override
    public void init(ProcessorContext<Object, Object> processorContext) {
        this.context = processorContext;
        this.entities = processorContext.getStateStore(view.entityStoreName());
        view.windows().forEach(group -> windows.add(processorContext.getStateStore(group.storeName())));
        view.spec().ttl().ifPresent(ttl -> processorContext.schedule(sweepInterval(ttl), PunctuationType.STREAM_TIME,
                this::evictIdleEntities));
    }

    @Override
    public void process(Record<Bytes, GenericRecord> record) {
        metrics.eventIn();
        GenericRecord value = record.value();
        if (value == null) {
            reject(record, ReasonCodes.NULL_VALUE, "the record has no value", Optional.empty());
            return;
        }
        List<String> keyParts = new ArrayList<>();
        List<Object> keyValues = new ArrayList<>();
        for (EntityField entity : view.entities()) {
            Object part;
            try {
                part = entity.type().normalize(field(value, entity.name()));
            } catch (IllegalArgumentException wrongType) {
                reject(record, ReasonCodes.INCOMPATIBLE_SCHEMA, "entity field '" + entity.name() + "': "
                        + wrongType.getMessage(), Optional.of(entity.name()));
                return;
            }
            if (part == null) {
                reject(record, ReasonCodes.CONTRACT_REQUIRED, "entity field '" + entity.name() + "' is null or missing",
                        Optional.of(entity.name()));
                return;
            }
            keyParts.add(part.toString());
            keyValues.add(part);
        }
        Optional<String> timestampField = view.source().timestamp();
        if (timestampField.isPresent() && EventTimeExtractor.read(value, timestampField.get()).isEmpty()) {
            reject(record, ReasonCodes.CONTRACT_REQUIRED, "timestamp field '" + timestampField.get()
                    + "' is null, missing or negative", timestampField);
            return;
        }
        long eventTime = record.timestamp();
        long streamTime = context.currentStreamTimeMs();
        if (eventTime < streamTime - grace) {
            reject(record, ReasonCodes.LATE, "event time " + Instant.ofEpochMilli(eventTime) + " is "
                    + (streamTime - eventTime) + " ms behind stream time " + Instant.ofEpochMilli(streamTime)
                    + ", beyond the grace period of " + grace + " ms of view " + view.name(), Optional.empty());
            return;
        }
        List<Object> unwindowedValues;
        List<List<Object>> windowedValues = new ArrayList<>();
        try {
            unwindowedValues = inputs(value, view.unwindowed());
            for (WindowGroup group : view.windows()) {
                windowedValues.add(inputs(value, group.features()));
            }
        } catch (IllegalArgumentException wrongType) {
            reject(record, ReasonCodes.INCOMPATIBLE_SCHEMA, wrongType.getMessage(), Optional.empty());
            return;
        }
        String key = EntityKeys.join(keyParts);
        GenericRecord row = update(key, eventTime, streamTime, unwindowedValues, windowedValues, keyValues);
        context.forward(new Record<Object, Object>(key, row, (Long) row.get(FeatureSchemas.EVENT_TIMESTAMP),
                record.headers()), FeatureViewTopology.FEATURES_SINK);
        metrics.rowOut();
    }

    /** Adds the event to the entity and its slices, and returns the entity's current row. */
    private GenericRecord update(String key, long eventTime, long streamTime, List<Object> unwindowedValues,
                                 List<List<Object>> windowedValues, List<Object> keyValues) {
        FeatureState entity = entities.get(key);
        if (entity == null || idle(entity, streamTime)) {
            entity = new FeatureState(view.unwindowed());
        }
        long asOf = Math.max(entity.latest(), eventTime);
        entity.add(eventTime, unwindowedValues);
        entities.put(key, entity);

        Schema schema = view.outputSchema();
        GenericRecord row = new GenericData.Record(schema);
        for (int i = 0; i < keyValues.size(); i++) {
            row.put(view.entities().get(i).name(), keyValues.get(i));
        }
        row.put(FeatureSchemas.EVENT_TIMESTAMP, asOf);
        row.put(FeatureSchemas.CREATED, context.currentSystemTimeMs());
        put(row, view.unwindowed(), entity.results());
        for (int g = 0; g < windows.size(); g++) {
            WindowGroup group = view.windows().get(g);
            WindowStore<String, FeatureState> store = windows.get(g);
            long slice = group.sliceStart(eventTime);
            FeatureState state = store.fetch(key, slice);
            if (state == null) {
                state = new FeatureState(group.features());
            }
            state.add(eventTime, windowedValues.get(g));
            store.put(key, state, slice);
            FeatureState current = new FeatureState(group.features());
            try (WindowStoreIterator<FeatureState> slices = store.fetch(key, group.currentWindowFrom(asOf), asOf)) {
                slices.forEachRemaining(kv -> current.merge(kv.value));
            }
            put(row, group.features(), current.results());
        }
        return row;
    }

    private boolean idle(FeatureState entity, long streamTime) {
        return view.spec().ttl().map(ttl -> entity.latest() < streamTime - ttl.toMillis()).orElse(false);
    }

    /** Forgets entities silent for longer than the view's ttl: their values have expired for serving too. */
    private void evictIdleEntities(long streamTime) {
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, FeatureState> all = entities.all()) {
            while (all.hasNext()) {
                KeyValue<String, FeatureState> entry = all.next();
                if (idle(entry.value, streamTime)) {
                    idle.add(entry.key);
                }
            }
        }
        idle.forEach(entities::delete);
    }

    private static Duration sweepInterval(Duration ttl) {
        Duration half = ttl.dividedBy(2);
        Duration floor = Duration.ofSeconds(1);
        Duration ceiling = Duration.ofHours(1);
        return half.compareTo(floor) < 0 ? floor : half.compareTo(ceiling) > 0 ? ceiling : half;
    }

    private static void put(GenericRecord row, List<FeatureDef> features, List<Object> results) {
        for (int i = 0; i < features.size(); i++) {
            FeatureDef feature = features.get(i);
            row.put(feature.name(), feature.outputType().normalize(results.get(i)));
        }
    }

    private static List<Object> inputs(GenericRecord value, List<FeatureDef> features) {
        List<Object> inputs = new ArrayList<>(features.size());
        for (FeatureDef feature : features) {
            if (feature.field().isEmpty()) {
                inputs.add(null);
                continue;
            }
            String name = feature.field().get();
            try {
                inputs.add(feature.inputType().orElseThrow().normalize(field(value, name)));
            } catch (IllegalArgumentException wrongType) {
                throw new IllegalArgumentException("field '" + name + "' of feature '" + feature.name() + "': "
                        + wrongType.getMessage(), wrongType);
            }
        }
        return inputs;
    }

    /** A field of the record; null when its writer schema does not have it. */
    private static Object field(GenericRecord value, String name) {
        Schema.Field field = value.getSchema().getField(name);
        return field == null ? null : value.get(field.pos());
    }

    private void reject(Record<Bytes, GenericRecord> record, String reason, String message, Optional<String> field) {
        RecordMetadata source = context.recordMetadata().orElseThrow(() -> new IllegalStateException(
                "no source record metadata while rejecting a record of view " + view.name()));
        byte[] key = record.key() == null ? null : record.key().get();
        // The processor sees the decoded value; re-encoding it with its own writer schema gives the original
        // bytes back (same registered schema, hence same id; Avro's binary encoding is deterministic).
        byte[] bytes = record.value() == null ? null : valueSerializer.serialize(source.topic(), record.value());
        Rejection rejection = new Rejection(source.topic(), source.partition(), source.offset(),
                Optional.of(Instant.ofEpochMilli(record.timestamp())), key, bytes, List.of(record.headers().toArray()),
                reason, message, field);
        dlq.record(rejection);
        Record<Object, Object> routed = new Record<>(record.key(), dlq.toRejectedRecord(rejection), record.timestamp());
        routed.headers().add(DlqRouting.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        context.forward(routed, FeatureViewTopology.DLQ_SINK);
    }
}
