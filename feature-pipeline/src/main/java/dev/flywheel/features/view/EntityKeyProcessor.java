package dev.flywheel.features.view;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Keys source records by their entity before the repartition of a view whose entity is not the source's key:
 * a record with an entity is forwarded keyed by its entity key text with its {@link Origin} in headers; one
 * without (no value, a null or mistyped entity field, no event time) is forwarded as its DLQ record, which the
 * topology splits off to {@code <source>.dlq} before the repartition.
 */
final class EntityKeyProcessor implements Processor<Bytes, GenericRecord, Object, Object> {

    private final ResolvedView view;
    private final SourceRefusals refusals;
    private final FeatureViewMetrics metrics;
    private ProcessorContext<Object, Object> context;

    EntityKeyProcessor(ResolvedView view, SourceRefusals refusals, FeatureViewMetrics metrics) {
        this.view = view;
        this.refusals = refusals;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> processorContext) {
        this.context = processorContext;
    }

    @Override
    public void process(Record<Bytes, GenericRecord> record) {
        metrics.eventIn();
        RecordMetadata metadata = context.recordMetadata().orElseThrow(() -> new IllegalStateException(
                "no source record metadata while keying a record of view " + view.name()));
        EntityOf entity = EntityOf.of(view, record.value());
        if (entity instanceof EntityOf.Refused refused) {
            context.forward(refusals.refuse(record, metadata, refused));
            return;
        }
        Record<Object, Object> keyed = new Record<>(((EntityOf.Found) entity).key(), record.value(), record.timestamp(),
                record.headers());
        Origin.of(metadata, record.key() == null ? null : record.key().get()).writeTo(keyed.headers());
        context.forward(keyed);
    }
}
