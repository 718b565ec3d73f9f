package dev.flywheel.ingestion;

import dev.flywheel.topology.runtime.RejectionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingestion stage's counters in a Micrometer registry: records accepted to {@code <source>.valid},
 * duplicates dropped, and rejections by source topic and reason (as the {@link RejectionMetrics} that
 * {@link dev.flywheel.topology.runtime.DlqRouting} counts with). Counters are looked up once per tag set.
 *
 * <p>Counts are per attempt: when an exactly-once transaction aborts and its records are processed again,
 * they are counted again. The topics are exact; the counters are for watching, not for reconciling.
 */
public final class IngestionMetrics implements RejectionMetrics {

    /** Records written to a source's valid topic; tag {@code source}. */
    public static final String ACCEPTED = "flywheel.ingestion.accepted";
    /** Records dropped as duplicates of an event id seen within the dedupe window; tag {@code source}. */
    public static final String DUPLICATES = "flywheel.ingestion.duplicates";
    /** Records sent to a DLQ; tags {@code topic} (the source topic) and {@code reason} (the reason code). */
    public static final String REJECTED = "flywheel.ingestion.rejected";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /**
     * Creates the counters' home.
     *
     * @param registry where the counters are registered
     */
    public IngestionMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void rejected(String sourceTopic, String reasonCode) {
        counters.computeIfAbsent(REJECTED + '|' + sourceTopic + '|' + reasonCode, k -> Counter.builder(REJECTED)
                .description("Records sent to the dead-letter queue, by source topic and reason code")
                .tag("topic", sourceTopic).tag("reason", reasonCode).register(registry)).increment();
    }

    /**
     * Counts a duplicate dropped by dedupe.
     *
     * @param source the source name
     */
    public void duplicate(String source) {
        counters.computeIfAbsent(DUPLICATES + '|' + source, k -> Counter.builder(DUPLICATES)
                .description("Records dropped as duplicates of an event id seen within the dedupe window")
                .tag("source", source).register(registry)).increment();
    }

    /**
     * Counts a record accepted to the valid topic.
     *
     * @param source the source name
     */
    public void accepted(String source) {
        acceptedCounter(source).increment();
    }

    /**
     * Returns the counter of records accepted from a source, for the per-record path to hold on to (no key
     * building and map lookup per record).
     *
     * @param source the source name
     * @return the counter
     */
    Counter acceptedCounter(String source) {
        return counters.computeIfAbsent(ACCEPTED + '|' + source, k -> Counter.builder(ACCEPTED)
                .description("Records accepted to the source's valid topic")
                .tag("source", source).register(registry));
    }
}
