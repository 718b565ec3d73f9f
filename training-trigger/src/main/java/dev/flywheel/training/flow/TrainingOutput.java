package dev.flywheel.training.flow;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a successful job wrote in {@code metrics.json} (the reference trainer's format, see trainer/DESIGN.md).
 *
 * @param modelUri where the model is
 * @param modelSha256 its hex SHA-256
 * @param modelFormat e.g. {@code xgboost-json}
 * @param metrics held-out metrics
 * @param hyperparameters the parameters used
 * @param metricsUri where metrics.json is
 */
public record TrainingOutput(String modelUri, String modelSha256, String modelFormat, Map<String, Double> metrics,
                             Map<String, String> hyperparameters, String metricsUri) {

    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /**
     * Reads metrics.json.
     *
     * @param content the file
     * @param metricsUri where it was read
     * @return the output
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static TrainingOutput parse(byte[] content, String metricsUri) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (IOException e) {
            throw new IllegalArgumentException(metricsUri + " is not JSON: " + e.getMessage(), e);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        root.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
        Map<String, String> hyperparameters = new LinkedHashMap<>();
        root.path("hyperparameters").fields().forEachRemaining(e -> hyperparameters.put(e.getKey(), e.getValue().asText()));
        return new TrainingOutput(required(root, "model_uri", metricsUri), required(root, "model_sha256", metricsUri),
                root.path("model_format").asText("unknown"), metrics, hyperparameters, metricsUri);
    }

    private static String required(JsonNode root, String field, String uri) {
        String value = root.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException(uri + " has no " + field);
        }
        return value;
    }
}
