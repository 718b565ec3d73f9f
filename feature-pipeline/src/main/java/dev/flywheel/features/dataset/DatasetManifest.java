package dev.flywheel.features.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.FeatureProfile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The manifest of a dataset, {@code datasets/<id>/manifest.json}: id, data URI, row count, the Avro schema of the
 * data, feature references, entity, timestamp and label columns, time range, every input file with its identity,
 * and the reference profiles. Holds nothing that changes between two builds of the same inputs (no wall-clock time),
 * so it is as reproducible as the data.
 */
final class DatasetManifest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DatasetManifest() {
    }

    static byte[] json(DatasetSnapshot snapshot, Schema schema, DatasetSpec spec, List<InputFile> inputs) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("dataset_id", snapshot.getDatasetId());
        manifest.put("uri", snapshot.getUri());
        manifest.put("data", List.of(snapshot.getUri() + "data.parquet"));
        manifest.put("format", "parquet");
        manifest.put("row_count", snapshot.getRowCount());
        manifest.put("feature_refs", snapshot.getFeatureRefs());
        manifest.put("entity_columns", snapshot.getEntityColumns());
        manifest.put("timestamp_column", spec.timestampColumn());
        manifest.put("label", snapshot.getLabel());
        manifest.put("start_time", snapshot.getStartTime() == null ? null : snapshot.getStartTime().toString());
        manifest.put("end_time", snapshot.getEndTime() == null ? null : snapshot.getEndTime().toString());
        List<Map<String, Object>> files = new ArrayList<>();
        for (InputFile input : inputs) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("uri", input.uri());
            file.put("identity", input.identity());
            file.put("size", input.size());
            files.add(file);
        }
        manifest.put("input_files", files);
        try {
            manifest.put("schema", JSON.readTree(schema.toString()));
            List<Object> profiles = new ArrayList<>();
            for (FeatureProfile profile : snapshot.getProfiles()) {
                profiles.add(JSON.readTree(profile.toString()));
            }
            manifest.put("profiles", profiles);
            return JSON.writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the manifest of " + snapshot.getDatasetId(), e);
        }
    }
}
