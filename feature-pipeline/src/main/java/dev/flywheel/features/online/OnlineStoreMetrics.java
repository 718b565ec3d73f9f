package dev.flywheel.features.online;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Micrometer meters of the online tier, tagged by view. */
final class OnlineStoreMetrics {

    static final String WRITE_LATENCY = "flywheel.online.write.latency";
    static final String BATCH_SIZE = "flywheel.online.write.batch.size";
    static final String ROWS_WRITTEN = "flywheel.online.rows.written";
    static final String ROWS_SKIPPED = "flywheel.online.rows.skipped";
    static final String READ_LATENCY = "flywheel.online.read.latency";

    private final MeterRegistry registry;

    OnlineStoreMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recordWrite(String view, int batchSize, Duration latency, WriteResult result) {
        Timer.builder(WRITE_LATENCY).description("Time to write one batch to Redis, retries included")
                .tag("view", view).publishPercentileHistogram().register(registry).record(latency);
        DistributionSummary.builder(BATCH_SIZE).description("Rows per batch written to Redis").tag("view", view)
                .register(registry).record(batchSize);
        Counter.builder(ROWS_WRITTEN).description("Rows stored in Redis").tag("view", view).register(registry)
                .increment(result.written());
        Counter.builder(ROWS_SKIPPED).description("Rows not stored: the same or a newer event time was there")
                .tag("view", view).register(registry).increment(result.skipped());
    }

    void recordRead(Duration latency) {
        Timer.builder(READ_LATENCY).description("Time of one pipelined read of the online tier")
                .publishPercentileHistogram().register(registry).record(latency);
    }
}
