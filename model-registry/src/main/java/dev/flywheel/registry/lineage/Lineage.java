package dev.flywheel.registry.lineage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where a model version came from: the events from its training back to the drift alarms and new-data events
 * that started it, and the feature views it reads.
 *
 * @param model the model
 * @param version the version
 * @param artifactUri the version's artifact
 * @param datasetId the dataset it was trained on, or null
 * @param requestId the training request that produced it, or null
 * @param events the events found, from the version back to the roots, breadth first
 * @param roots the ids of the {@code DriftDetected} and {@code DataAvailable} events the walk ended at
 * @param featureViews the feature views involved, sorted: of the model's features, the dataset's, the drift
 *     alarms' and the new-data events'
 * @param features the feature references of the version and its dataset, sorted
 * @param missing ids (and {@code request:} / {@code dataset:} keys) the walk looked for and did not find
 */
public record Lineage(@JsonProperty("model") String model, @JsonProperty("version") int version,
                      @JsonProperty("artifact_uri") String artifactUri, @JsonProperty("dataset_id") String datasetId,
                      @JsonProperty("request_id") String requestId, @JsonProperty("events") List<LineageNode> events,
                      @JsonProperty("roots") List<String> roots,
                      @JsonProperty("feature_views") List<String> featureViews,
                      @JsonProperty("features") List<String> features,
                      @JsonProperty("missing") List<String> missing) {

    /** Copies the lists. */
    public Lineage {
        events = List.copyOf(events);
        roots = List.copyOf(roots);
        featureViews = List.copyOf(featureViews);
        features = List.copyOf(features);
        missing = List.copyOf(missing);
    }

    /** Returns the events of one type, in walk order. */
    public List<LineageNode> eventsOf(String type) {
        return events.stream().filter(node -> node.type().equals(type)).toList();
    }
}
