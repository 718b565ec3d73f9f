package dev.flywheel.registry.lineage;

import dev.flywheel.schemas.Events;
import dev.flywheel.schemas.events.DataAvailable;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Turns a backbone event into its {@link LineageNode}, and names the index keys it is found under. */
public final class LineageNodes {

    /** Attribute holding feature references, comma separated ({@code view:feature,...}). */
    public static final String FEATURE_REFS = "feature_refs";

    private LineageNodes() {
    }

    /** Returns the index key of the {@code TrainingRequested} of a request id. */
    public static String requestKey(String requestId) {
        return "request:" + requestId;
    }

    /** Returns the index key of the {@code DatasetSnapshot} of a dataset id. */
    public static String datasetKey(String datasetId) {
        return "dataset:" + datasetId;
    }

    /** Returns the node of an event: id, type, time and causes of any backbone event, plus its own attributes. */
    public static LineageNode of(SpecificRecord event) {
        return new LineageNode(Events.eventId(event), event.getSchema().getName(),
                Events.occurredAt(event).toEpochMilli(), Events.causes(event), attributes(event));
    }

    private static Map<String, String> attributes(SpecificRecord event) {
        Map<String, String> a = new LinkedHashMap<>();
        if (event instanceof DriftDetected drift) {
            put(a, "monitor", drift.getMonitor());
            put(a, "kind", drift.getKind());
            put(a, "view", drift.getView());
            put(a, "feature", drift.getFeature());
            put(a, "method", drift.getMethod());
            put(a, "score", drift.getScore());
            put(a, "threshold", drift.getThreshold());
            put(a, "drifted_share", drift.getDriftedShare());
            put(a, FEATURE_REFS, join(drift.getDriftedFeatures()));
        } else if (event instanceof DataAvailable data) {
            put(a, "view", data.getView());
            put(a, "kind", data.getKind());
            put(a, "uri", data.getUri());
            put(a, "row_count", data.getRowCount());
        } else if (event instanceof DatasetSnapshot dataset) {
            put(a, "dataset_id", dataset.getDatasetId());
            put(a, "uri", dataset.getUri());
            put(a, "row_count", dataset.getRowCount());
            put(a, "request_id", dataset.getRequestId());
            put(a, FEATURE_REFS, join(dataset.getFeatureRefs()));
        } else if (event instanceof TrainingRequested request) {
            put(a, "request_id", request.getRequestId());
            put(a, "model", request.getModel());
            put(a, "trigger", request.getTrigger());
            put(a, "reason", request.getReason());
            put(a, FEATURE_REFS, join(request.getFeatureRefs()));
        } else if (event instanceof TrainingJobStatus status) {
            put(a, "request_id", status.getRequestId());
            put(a, "state", status.getState());
            put(a, "job_name", status.getJobName());
            put(a, "backend", status.getBackend());
            put(a, "dataset_id", status.getDatasetId());
        }
        return a;
    }

    private static void put(Map<String, String> attributes, String name, Object value) {
        if (value != null && !(value instanceof String text && text.isEmpty())) {
            attributes.put(name, value.toString());
        }
    }

    private static String join(List<String> values) {
        return values == null ? null : String.join(",", values);
    }
}
