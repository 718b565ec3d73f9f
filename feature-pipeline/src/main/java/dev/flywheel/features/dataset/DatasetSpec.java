package dev.flywheel.features.dataset;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to build: entity rows with timestamps, joined point-in-time with features.
 *
 * @param entities where the entity rows come from; they must hold every entity column of the referenced views
 * @param timestampColumn the entity rows' timestamp column (timestamp-millis, long millis or ISO-8601 text)
 * @param label the label column, if the dataset has one (kept like any other entity-row column)
 * @param features the features, {@code view:feature}; output columns are named by feature and must be unique
 * @param model the model the dataset is built for, if any
 * @param requestId the training request it is built for, if any
 * @param causes ids of the events that led to the build (lineage)
 */
public record DatasetSpec(EntityInput entities, String timestampColumn, Optional<String> label,
                          List<FeatureRef> features, Optional<String> model, Optional<String> requestId,
                          List<String> causes) {

    /** Checks the parts and copies the lists. */
    public DatasetSpec {
        Objects.requireNonNull(entities, "entities");
        Objects.requireNonNull(timestampColumn, "timestampColumn");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(requestId, "requestId");
        features = List.copyOf(features);
        causes = List.copyOf(causes);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs at least one feature reference");
        }
        if (features.stream().map(FeatureRef::feature).distinct().count() != features.size()) {
            throw new IllegalArgumentException("feature names must be unique across views (they name the columns): "
                    + features);
        }
    }

    /** A spec without label, model, request or causes. */
    public static DatasetSpec of(EntityInput entities, String timestampColumn, List<FeatureRef> features) {
        return new DatasetSpec(entities, timestampColumn, Optional.empty(), features, Optional.empty(), Optional.empty(),
                List.of());
    }

    /** The canonical text the dataset id hashes (model, request and causes excluded: they do not change the data). */
    String canonical() {
        String input = entities instanceof EntityInput.OfflineSource s ? "offline-source:" + s.source()
                : entities instanceof EntityInput.CsvFile ? "csv" : "parquet";
        return "entities=" + input + "\ntimestamp=" + timestampColumn + "\nlabel=" + label.orElse("") + "\nfeatures="
                + features;
    }
}
