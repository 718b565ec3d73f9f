package dev.flywheel.registry.http;

import dev.flywheel.schemas.events.ModelVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code ModelVersion} as the HTTP API shows it: the Avro field names, times in ISO-8601. */
final class VersionJson {

    private VersionJson() {
    }

    static Map<String, Object> of(ModelVersion version) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", version.getModel());
        json.put("version", version.getVersion());
        json.put("stage", version.getStage().name());
        json.put("artifact_uri", version.getArtifactUri());
        json.put("sha256", version.getSha256());
        json.put("format", version.getFormat());
        json.put("metrics", version.getMetrics());
        json.put("hyperparameters", version.getHyperparameters());
        json.put("dataset_id", version.getDatasetId());
        json.put("request_id", version.getRequestId());
        json.put("feature_refs", version.getFeatureRefs());
        json.put("causes", version.getCauses());
        json.put("created_at", version.getCreatedAt().toString());
        json.put("updated_at", version.getUpdatedAt().toString());
        json.put("description", version.getDescription());
        json.put("event_id", version.getEventId());
        return json;
    }
}
