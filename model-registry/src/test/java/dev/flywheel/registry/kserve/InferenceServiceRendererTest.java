package dev.flywheel.registry.kserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.schemas.events.ModelVersion;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The KServe InferenceService of a version, as YAML and JSON. */
class InferenceServiceRendererTest {

    private final InferenceServiceRenderer renderer = new InferenceServiceRenderer("ml");
    private final ModelVersion version = ModelVersion.newBuilder().setEventId("e").setOccurredAt(Instant.EPOCH)
            .setModel("Fraud_Detector").setVersion(3).setArtifactUri("s3://models/fraud/3/model.json")
            .setSha256("ab12").setFormat("xgboost-json").setDatasetId("ds-1").setCreatedAt(Instant.EPOCH)
            .setUpdatedAt(Instant.EPOCH).build();

    @Test
    @SuppressWarnings("unchecked")
    void shouldRenderYamlWithTheCanaryShareAndTheArtifact() {
        String yaml = renderer.render(version, 10, InferenceServiceRenderer.Format.YAML);

        Map<String, Object> resource = new Yaml().load(yaml);
        assertThat(resource).containsEntry("apiVersion", "serving.kserve.io/v1beta1")
                .containsEntry("kind", "InferenceService");
        Map<String, Object> metadata = (Map<String, Object>) resource.get("metadata");
        assertThat(metadata).containsEntry("name", "fraud-detector").containsEntry("namespace", "ml");
        assertThat((Map<String, Object>) metadata.get("labels")).containsEntry("flywheel.dev/version", "3");
        assertThat((Map<String, Object>) metadata.get("annotations")).containsEntry("flywheel.dev/sha256", "ab12");
        Map<String, Object> predictor = (Map<String, Object>) ((Map<String, Object>) resource.get("spec"))
                .get("predictor");
        assertThat(predictor).containsEntry("canaryTrafficPercent", 10);
        Map<String, Object> model = (Map<String, Object>) predictor.get("model");
        assertThat(model).containsEntry("storageUri", "s3://models/fraud/3/model.json");
        assertThat((Map<String, Object>) model.get("modelFormat")).containsEntry("name", "xgboost");
    }

    @Test
    void shouldRenderJsonWithoutACanaryAtAHundredPercent() throws Exception {
        JsonNode resource = new ObjectMapper().readTree(renderer.render(version, 100,
                InferenceServiceRenderer.Format.JSON));

        assertThat(resource.get("spec").get("predictor").has("canaryTrafficPercent")).isFalse();
        assertThat(resource.get("spec").get("predictor").get("model").get("storageUri").asText())
                .isEqualTo("s3://models/fraud/3/model.json");
    }

    @Test
    void shouldRefuseAShareOutsideOneToAHundred() {
        assertThatThrownBy(() -> renderer.render(version, 0, InferenceServiceRenderer.Format.YAML))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("canaryTrafficPercent");
    }

    @Test
    void shouldMakeADnsLabelOfAModelName() {
        assertThat(InferenceServiceRenderer.resourceName("a".repeat(70) + "_b")).hasSize(63);
        assertThat(InferenceServiceRenderer.modelFormat("sklearn")).isEqualTo("sklearn");
    }
}
