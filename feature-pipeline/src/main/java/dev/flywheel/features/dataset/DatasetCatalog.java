package dev.flywheel.features.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.features.offline.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The datasets built into the offline tier, read from their manifests ({@code datasets/<id>/manifest.json}). */
public final class DatasetCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetCatalog() {
    }

    /**
     * One dataset.
     *
     * @param id the dataset id
     * @param rows its row count
     * @param start the earliest entity-row time, if any rows
     * @param end the latest entity-row time, if any rows
     * @param created when its manifest was (last) written, as S3 lists it
     * @param features its feature refs
     * @param label its label column, if any
     * @param manifestUri where its manifest is
     */
    public record Entry(String id, long rows, Optional<Instant> start, Optional<Instant> end, Instant created,
                        List<String> features, Optional<String> label, String manifestUri) {
    }

    /** Every dataset with a manifest, newest first (then by id). */
    public static List<Entry> list(OfflineStore store) {
        List<Entry> entries = new ArrayList<>();
        for (StoredObject object : store.list(store.config().datasetsPrefix() + "/")) {
            if (!object.key().endsWith("/manifest.json")) {
                continue;
            }
            byte[] content = store.read(object.key()).orElse(null);
            if (content == null) {
                continue; // deleted between the listing and the read
            }
            entries.add(entry(store.uri(object.key()), content, object.lastModified()));
        }
        entries.sort(Comparator.comparing(Entry::created).reversed().thenComparing(Entry::id));
        return entries;
    }

    static Entry entry(String uri, byte[] manifest, Instant created) {
        try {
            JsonNode node = JSON.readTree(manifest);
            List<String> features = new ArrayList<>();
            node.path("feature_refs").forEach(f -> features.add(f.asText()));
            return new Entry(node.path("dataset_id").asText(), node.path("row_count").asLong(), instant(node, "start_time"),
                    instant(node, "end_time"), created, List.copyOf(features), text(node, "label"), uri);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest " + uri, e);
        }
    }

    private static Optional<Instant> instant(JsonNode node, String field) {
        return text(node, field).map(Instant::parse);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
