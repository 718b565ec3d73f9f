package dev.flywheel.registry.kserve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flywheel.schemas.events.ModelVersion;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders the KServe {@code InferenceService} (serving.kserve.io/v1beta1) that serves a model version, with
 * {@code canaryTrafficPercent} so that KServe sends only that share of traffic to the new revision until it is
 * raised. Rendering only: applying it to a cluster is Kubernetes business, which belongs to the training trigger
 * (ARCHITECTURE.md), or to a person with {@code kubectl apply -f}.
 */
public final class InferenceServiceRenderer {

    /** Output formats. */
    public enum Format {
        /** YAML, for {@code kubectl apply -f}. */
        YAML,
        /** JSON. */
        JSON
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String namespace;

    /**
     * Creates a renderer.
     *
     * @param namespace the namespace of the rendered resources
     */
    public InferenceServiceRenderer(String namespace) {
        this.namespace = namespace;
    }

    /**
     * Renders the InferenceService of a version.
     *
     * @param version the version to serve
     * @param canaryTrafficPercent the new revision's share of traffic, 1..100; 100 renders no canary (all traffic)
     * @param format YAML or JSON
     * @return the resource as text
     */
    public String render(ModelVersion version, int canaryTrafficPercent, Format format) {
        if (canaryTrafficPercent < 1 || canaryTrafficPercent > 100) {
            throw new IllegalArgumentException("canaryTrafficPercent must be between 1 and 100, was "
                    + canaryTrafficPercent);
        }
        Map<String, Object> resource = resource(version, canaryTrafficPercent);
        if (format == Format.JSON) {
            try {
                return JSON.writeValueAsString(resource);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot write the InferenceService as JSON", e);
            }
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(resource);
    }

    /** Returns the resource name of a model: lower case, {@code _} as {@code -}, at most 63 characters. */
    public static String resourceName(String model) {
        String name = model.toLowerCase(Locale.ROOT).replace('_', '-');
        return name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
    }

    /** Returns KServe's model format name of an artifact format: the part before the first {@code -}. */
    public static String modelFormat(String format) {
        int dash = format.indexOf('-');
        return (dash < 0 ? format : format.substring(0, dash)).toLowerCase(Locale.ROOT);
    }

    private Map<String, Object> resource(ModelVersion version, int canary) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "flywheel");
        labels.put("flywheel.dev/model", resourceName(version.getModel()));
        labels.put("flywheel.dev/version", Integer.toString(version.getVersion()));
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("flywheel.dev/model-name", version.getModel());
        annotations.put("flywheel.dev/sha256", version.getSha256());
        if (version.getDatasetId() != null) {
            annotations.put("flywheel.dev/dataset-id", version.getDatasetId());
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", resourceName(version.getModel()));
        metadata.put("namespace", namespace);
        metadata.put("labels", labels);
        metadata.put("annotations", annotations);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("modelFormat", Map.of("name", modelFormat(version.getFormat())));
        model.put("storageUri", version.getArtifactUri());
        Map<String, Object> predictor = new LinkedHashMap<>();
        if (canary < 100) {
            predictor.put("canaryTrafficPercent", canary);
        }
        predictor.put("model", model);
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", "serving.kserve.io/v1beta1");
        resource.put("kind", "InferenceService");
        resource.put("metadata", metadata);
        resource.put("spec", Map.of("predictor", predictor));
        return resource;
    }
}
