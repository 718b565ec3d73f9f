package dev.flywheel.cli;

import java.util.Locale;

/** The stages {@code flywheel run} can start on their own; {@code flywheel up} starts them all. */
enum StageName {
    /** Ingestion of every source and HTTP ingest. */
    INGESTION("decode, validate and dedupe every source; HTTP ingest"),
    /** The feature views, the online tier and Feast gRPC serving. */
    FEATURES("feature views, Redis online tier, Feast gRPC serving"),
    /** The offline tier's Parquet sinks to S3. */
    OFFLINE("Parquet sinks of the feature views to S3"),
    /** The drift monitors. */
    DRIFT("drift monitors"),
    /** The model registry and its HTTP routes. */
    REGISTRY("model registry, promotion, lineage routes"),
    /** The training trigger: policy, datasets, launches. */
    TRIGGER("retrain policy, datasets, training launches"),
    /** The ops dashboard and its JSON API. */
    DASHBOARD("ops dashboard and its JSON API");

    private final String description;

    StageName(String description) {
        this.description = description;
    }

    /** What the stage does, for help texts. */
    String description() {
        return description;
    }

    /** The name on the command line. */
    String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
