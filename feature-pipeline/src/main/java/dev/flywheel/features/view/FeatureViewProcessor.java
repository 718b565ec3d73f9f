package dev.flywheel.features.view;

import dev.flywheel.schemas.ReasonCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Computes one view: on each source record, reads the entity's whole state (one get from the view's one store),
 * adds the event to it and to the slice of each window it falls in, drops the slices out of retention, writes it back
 * (one put, one changelog record), then emits ONE row with the current value of every feature of the entity, as of the
 * entity's latest event time (see DESIGN.md). Records it cannot use go to the source's DLQ: late ones
 * with {@code LATE}, ones without a value with {@code NULL_VALUE}, ones without an entity key or event
 * time with {@code CONTRACT_REQUIRED}, ones whose field values do not fit the view's types with
 * {@code INCOMPATIBLE_SCHEMA}.
 */
final class FeatureViewProcessor implements Processor<Object, GenericRecord, Object, Object> {

    private final ResolvedView view;
    private final SourceRefusals refusals;
    private final FeatureViewMetrics metrics;
    private final boolean countsEvents;
    private final long grace;
    // Field positions in the row schema, resolved once: GenericData.Record.put(String) looks each name up per row.
    private final int[] entityPos;
    private final int eventTimestampPos;
    private final int createdPos;
    private final int[] unwindowedPos;
    private final int[][] windowPos;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, EntityState> entities;

    /**
     * The processor of a view.
     *
     * @param view the view
     * @param refusals builds the DLQ records
     * @param metrics the view's counters
     * @param countsEvents whether it counts the records it reads as events in ({@code false} behind the
     *     repartition, where {@link EntityKeyProcessor} counted them)
     */
    FeatureViewProcessor(ResolvedView view, SourceRefusals refusals, FeatureViewMetrics metrics, boolean countsEvents) {
        this.view = view;
        this.refusals = refusals;
        this.metrics = metrics;
        this.countsEvents = countsEvents;
        this.grace = view.spec().grace().toMillis();
        Schema schema = view.outputSchema();
        this.entityPos = view.entities().stream().mapToInt(entity -> position(schema, entity.name())).toArray();
        this.eventTimestampPos = position(schema, FeatureSchemas.EVENT_TIMESTAMP);
        this.createdPos = position(schema, FeatureSchemas.CREATED);
        this.unwindowedPos = positions(schema, view.unwindowed());
        this.windowPos = view.windows().stream().map(group -> positions(schema, group.features()))
                .toArray(int[][]::new);
    }

    @Override
    public void init(ProcessorContext<Object, Object> processorContext) {
        this.context = processorContext;
        this.entities = processorContext.getStateStore(view.stateStoreName());
        view.spec().ttl().ifPresent(ttl -> processorContext.schedule(sweepInterval(ttl), PunctuationType.STREAM_TIME,
                this::evictIdleEntities));
    }

    @Override
    public void process(Record<Object, GenericRecord> record) {
        if (countsEvents) {
            metrics.eventIn();
        }
        EntityOf entity = EntityOf.of(view, record.value());
        if (entity instanceof EntityOf.Refused refused) {
            reject(record, refused);
            return;
        }
        EntityOf.Found found = (EntityOf.Found) entity;
        GenericRecord value = record.value();
        long eventTime = record.timestamp();
        long streamTime = context.currentStreamTimeMs();
        if (eventTime < streamTime - grace) {
            reject(record, new EntityOf.Refused(ReasonCodes.LATE, "event time " + Instant.ofEpochMilli(eventTime)
                    + " is " + (streamTime - eventTime) + " ms behind stream time " + Instant.ofEpochMilli(streamTime)
                    + ", beyond the grace period of " + grace + " ms of view " + view.name(), Optional.empty()));
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
            reject(record, new EntityOf.Refused(ReasonCodes.INCOMPATIBLE_SCHEMA, wrongType.getMessage(),
                    Optional.empty()));
            return;
        }
        GenericRecord row = update(found.key(), eventTime, streamTime, unwindowedValues, windowedValues, found.values());
        long rowTime = (Long) row.get(eventTimestampPos);
        // Record's public constructor copies the headers; with* does not. Only a repartitioned record carries
        // origin headers, which never leave the view.
        Record<Object, GenericRecord> out = Origin.carriedBy(record.headers())
                ? new Record<>(found.key(), row, rowTime, Origin.without(record.headers()))
                : record.withKey((Object) found.key()).withValue(row).withTimestamp(rowTime);
        context.forward(out, FeatureViewTopology.FEATURES_SINK);
        metrics.rowOut();
    }

    /** Adds the event to the entity and its slices, and returns the entity's current row. */
    private GenericRecord update(String key, long eventTime, long streamTime, List<Object> unwindowedValues,
                                 List<List<Object>> windowedValues, List<Object> keyValues) {
        EntityState state = entities.get(key);
        if (state == null) {
            state = new EntityState(view.unwindowed(), view.windows());
        } else if (idle(state.entity(), streamTime)) {
            state.forgetEntity();
        }
        FeatureState entity = state.entity();
        long asOf = Math.max(entity.latest(), eventTime);
        entity.add(eventTime, unwindowedValues);
        long created = entity.nextCreated(context.currentSystemTimeMs());
        // An accepted event is at most grace behind stream time, so its own slice and every slice of its current
        // window start after streamTime - (size + grace): dropping the older ones never changes a value.
        state.dropExpiredSlices(streamTime);

        GenericRecord row = new GenericData.Record(view.outputSchema());
        for (int i = 0; i < keyValues.size(); i++) {
            row.put(entityPos[i], keyValues.get(i));
        }
        row.put(eventTimestampPos, asOf);
        row.put(createdPos, created);
        put(row, unwindowedPos, view.unwindowed(), entity.results());
        for (int g = 0; g < view.windows().size(); g++) {
            WindowGroup group = view.windows().get(g);
            Slices slices = state.slices(g);
            // An out-of-order event lands in the slice of its own event time, even one older than the window.
            slices.getOrCreate(group.sliceStart(eventTime), group.features()).add(eventTime, windowedValues.get(g));
            put(row, windowPos[g], group.features(), slices.merge(group.currentWindowFrom(asOf), asOf, group.features()).results());
        }
        entities.put(key, state);
        return row;
    }

    private boolean idle(FeatureState entity, long streamTime) {
        return view.spec().ttl().map(ttl -> entity.latest() < streamTime - ttl.toMillis()).orElse(false);
    }

    /**
     * Forgets entities silent for longer than the view's ttl: their values have expired for serving too. An entity
     * whose window slices are still within retention keeps them (and only them) until they expire, as the window
     * stores of earlier layouts kept slices regardless of the entity's ttl.
     */
    private void evictIdleEntities(long streamTime) {
        List<String> gone = new ArrayList<>();
        List<KeyValue<String, EntityState>> forgotten = new ArrayList<>();
        try (KeyValueIterator<String, EntityState> all = entities.all()) {
            while (all.hasNext()) {
                KeyValue<String, EntityState> entry = all.next();
                EntityState state = entry.value;
                if (!idle(state.entity(), streamTime)) {
                    continue;
                }
                boolean wasForgotten = state.latest() == Long.MIN_VALUE;
                boolean dropped = state.dropExpiredSlices(streamTime);
                if (state.hasNoSlices()) {
                    gone.add(entry.key);
                } else if (!wasForgotten || dropped) {
                    state.forgetEntity();
                    forgotten.add(KeyValue.pair(entry.key, state));
                }
            }
        }
        gone.forEach(entities::delete);
        forgotten.forEach(kv -> entities.put(kv.key, kv.value));
    }

    private static Duration sweepInterval(Duration ttl) {
        Duration half = ttl.dividedBy(2);
        Duration floor = Duration.ofSeconds(1);
        Duration ceiling = Duration.ofHours(1);
        return half.compareTo(floor) < 0 ? floor : half.compareTo(ceiling) > 0 ? ceiling : half;
    }

    private static void put(GenericRecord row, int[] positions, List<FeatureDef> features, List<Object> results) {
        for (int i = 0; i < features.size(); i++) {
            row.put(positions[i], features.get(i).outputType().normalize(results.get(i)));
        }
    }

    private static int[] positions(Schema schema, List<FeatureDef> features) {
        return features.stream().mapToInt(feature -> position(schema, feature.name())).toArray();
    }

    private static int position(Schema schema, String field) {
        Schema.Field found = schema.getField(field);
        if (found == null) {
            throw new IllegalStateException("the row schema of view " + schema.getFullName() + " has no field '"
                    + field + "'");
        }
        return found.pos();
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
                inputs.add(feature.inputType().orElseThrow().normalize(EntityOf.field(value, name)));
            } catch (IllegalArgumentException wrongType) {
                throw new IllegalArgumentException("field '" + name + "' of feature '" + feature.name() + "': "
                        + wrongType.getMessage(), wrongType);
            }
        }
        return inputs;
    }

    private void reject(Record<Object, GenericRecord> record, EntityOf.Refused refused) {
        RecordMetadata source = context.recordMetadata().orElseThrow(() -> new IllegalStateException(
                "no source record metadata while rejecting a record of view " + view.name()));
        context.forward(refusals.refuse(record, source, refused), FeatureViewTopology.DLQ_SINK);
    }
}
