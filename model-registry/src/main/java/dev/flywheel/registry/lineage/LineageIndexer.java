package dev.flywheel.registry.lineage;

import dev.flywheel.registry.versions.RegistryStoreNames;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.TrainingRequested;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Indexes every event of the lineage topics ({@code flywheel.data-available}, {@code .datasets}, {@code .drift},
 * {@code .training}) by its event id, and the latest {@code TrainingRequested} / {@code DatasetSnapshot} also by
 * request id and dataset id, so that a walk can start from a version's request and dataset even when a producer
 * left its causes empty. A tombstone (compacted datasets) carries no event and is skipped.
 */
public final class LineageIndexer implements Processor<String, SpecificRecord, Void, Void> {

    private KeyValueStore<String, LineageNode> index;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        index = context.getStateStore(RegistryStoreNames.LINEAGE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        if (event == null) {
            return;
        }
        LineageNode node = LineageNodes.of(event);
        index.put(node.eventId(), node);
        if (event instanceof TrainingRequested request) {
            index.put(LineageNodes.requestKey(request.getRequestId()), node);
        } else if (event instanceof DatasetSnapshot dataset) {
            index.put(LineageNodes.datasetKey(dataset.getDatasetId()), node);
        }
    }
}
