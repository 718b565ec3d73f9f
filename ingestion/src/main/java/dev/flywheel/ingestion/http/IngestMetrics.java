package dev.flywheel.ingestion.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts HTTP-ingested records: {@code flywheel.ingest.http.records} tagged by {@code source}, {@code status}
 * ({@code accepted}, {@code rejected}, {@code failed}) and {@code reason} ({@code none} when accepted).
 */
final class IngestMetrics {

    static final String RECORDS = "flywheel.ingest.http.records";

    private final MeterRegistry registry;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String source, RecordResult result) {
        Counter.builder(RECORDS)
                .description("Records received by HTTP ingest, by outcome")
                .tag("source", source)
                .tag("status", result.status().name().toLowerCase(java.util.Locale.ROOT))
                .tag("reason", result.reason() == null ? "none" : result.reason())
                .register(registry)
                .increment();
    }
}
