package dev.flywheel.training.launch;

import dev.flywheel.topology.spec.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One job to run.
 *
 * @param requestId the training request
 * @param jobName its DNS-label name ({@link JobNames#of})
 * @param model the model (trainer, tuning)
 * @param datasetUri the dataset's Parquet
 * @param outputUri the folder the trainer writes {@code model.json} and {@code metrics.json} to
 * @param label the label column
 * @param features the feature columns
 * @param parameters trainer parameter overrides
 * @param staged the staged copy of the dataset (EFS), when the dataset was staged: {@code datasetUri} is then its
 *               {@code file:} URI, and the Kubernetes backends mount its volume
 */
public record LaunchRequest(String requestId, String jobName, ModelSpec model, String datasetUri, String outputUri,
                            String label, List<String> features, Map<String, String> parameters,
                            Optional<StagedDataset> staged) {

    /** Checks the parts and copies the collections. */
    public LaunchRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(datasetUri, "datasetUri");
        Objects.requireNonNull(outputUri, "outputUri");
        Objects.requireNonNull(label, "label");
        if (!JobNames.valid(jobName)) {
            throw new IllegalArgumentException("not a DNS label: '" + jobName + "'");
        }
        Objects.requireNonNull(staged, "staged");
        features = List.copyOf(features);
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A job that reads its dataset where it was built (nothing staged). */
    public LaunchRequest(String requestId, String jobName, ModelSpec model, String datasetUri, String outputUri,
                         String label, List<String> features, Map<String, String> parameters) {
        this(requestId, jobName, model, datasetUri, outputUri, label, features, parameters, Optional.empty());
    }

    /**
     * The trainer's environment: inputs and outputs, never secrets (those are references in the manifests).
     *
     * @return variable name to value, in a stable order
     */
    public Map<String, String> trainerEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLYWHEEL_REQUEST_ID", requestId);
        env.put("FLYWHEEL_MODEL", model.name());
        env.put("FLYWHEEL_DATASET_URI", datasetUri);
        staged.ifPresent(copy -> env.put("FLYWHEEL_DATASET_SOURCE_URI", copy.sourceUri()));
        env.put("FLYWHEEL_OUTPUT_URI", outputUri);
        env.put("FLYWHEEL_LABEL", label);
        env.put("FLYWHEEL_FEATURES", String.join(",", features));
        if (!parameters.isEmpty()) {
            env.put("FLYWHEEL_PARAMS", String.join(",", parameters.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        return env;
    }
}
