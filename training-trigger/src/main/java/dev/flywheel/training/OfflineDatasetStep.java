package dev.flywheel.training;

import dev.flywheel.features.dataset.DatasetBuilder;
import dev.flywheel.features.dataset.DatasetResult;
import dev.flywheel.features.dataset.DatasetSpec;
import dev.flywheel.features.dataset.EntityInput;
import dev.flywheel.features.dataset.FeatureRef;
import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.LabelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.training.flow.BuiltDataset;
import dev.flywheel.training.flow.DatasetStep;
import java.util.List;
import java.util.Optional;

/**
 * Builds a request's dataset with the feature pipeline's {@link DatasetBuilder}: the label's rows in the offline tier
 * (the files of its source, {@code source=<label>/} unless a source of another name reads the label's topic:
 * {@link FlywheelSpec#labelSource}) as entity rows, joined point-in-time with the requested features as of the
 * label's timestamp field (its own, else its source's).
 */
final class OfflineDatasetStep implements DatasetStep {

    private final FlywheelSpec spec;
    private final DatasetBuilder builder;
    private final OfflineStore store;

    OfflineDatasetStep(FlywheelSpec spec, DatasetBuilder builder, OfflineStore store) {
        this.spec = spec;
        this.builder = builder;
        this.store = store;
    }

    @Override
    public BuiltDataset build(TrainingRequested request) {
        LabelSpec label = spec.label(request.getLabel() == null ? "" : request.getLabel()).orElseThrow(() ->
                new IllegalArgumentException("request " + request.getRequestId() + " names no label of the spec: "
                        + request.getLabel()));
        SourceSpec source = spec.labelSource(label.name()).orElseThrow(() -> new IllegalArgumentException("label "
                + label.name() + " of request " + request.getRequestId() + " is fed by no source of the spec"));
        String timestamp = label.timestamp().or(source::timestamp).orElseThrow(() -> new IllegalArgumentException(
                "label " + label.name() + " of request " + request.getRequestId() + " has no timestamp field"));
        List<FeatureRef> features = request.getFeatureRefs().stream().map(FeatureRef::parse).toList();
        DatasetResult result = builder.build(new DatasetSpec(new EntityInput.OfflineSource(source.name()),
                timestamp, Optional.of(label.field()), features,
                Optional.of(request.getModel()), Optional.of(request.getRequestId()), List.of(request.getEventId())));
        return new BuiltDataset(result.datasetId(), result.dataUri(), Optional.of(result.snapshot().getEventId()));
    }

    @Override
    public BuiltDataset existing(String datasetId) {
        return new BuiltDataset(datasetId, store.uri(store.config().datasetsPrefix() + "/" + datasetId + "/data.parquet"),
                Optional.empty());
    }
}
