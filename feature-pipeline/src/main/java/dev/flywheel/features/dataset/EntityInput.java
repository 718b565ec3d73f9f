package dev.flywheel.features.dataset;

import java.nio.file.Path;
import java.util.Objects;

/** Where the entity (label) rows of a dataset come from. */
public sealed interface EntityInput {

    /** A source's valid records in the offline tier ({@code source=<name>/}), e.g. a labels source. */
    record OfflineSource(String source) implements EntityInput {
        /** Checks the name. */
        public OfflineSource {
            Objects.requireNonNull(source, "source");
        }
    }

    /** A local Parquet file. */
    record ParquetFile(Path path) implements EntityInput {
        /** Checks the path. */
        public ParquetFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A local CSV file with a header row; column types are inferred (long, double, boolean, else string; an empty
     * cell is null); the timestamp column holds epoch milliseconds or ISO-8601 instants.
     */
    record CsvFile(Path path) implements EntityInput {
        /** Checks the path. */
        public CsvFile {
            Objects.requireNonNull(path, "path");
        }
    }
}
