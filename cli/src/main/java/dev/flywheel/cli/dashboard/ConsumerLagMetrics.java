package dev.flywheel.cli.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer lag as a Prometheus gauge, {@code flywheel.consumer.lag{group,topic}} (records not yet committed, summed
 * over the topic's partitions), from the same Admin reads as the dashboard's Topics page. Read on its own schedule,
 * not on a scrape, so the cost is one Admin round per period however often Prometheus scrapes; a group that stops
 * committing to a topic leaves the gauge at the next read.
 */
public final class ConsumerLagMetrics implements AutoCloseable {

    /** The gauge's name. */
    public static final String LAG = "flywheel.consumer.lag";

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMetrics.class);

    private final DashboardSources sources;
    private final MultiGauge lag;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "flywheel-consumer-lag");
        thread.setDaemon(true);
        return thread;
    });

    private ConsumerLagMetrics(DashboardSources sources, MeterRegistry meters) {
        this.sources = sources;
        this.lag = MultiGauge.builder(LAG).description("Records of a topic its consumer group has not committed yet")
                .register(meters);
    }

    /**
     * Registers the gauge and reads the lag now and every {@code period}.
     *
     * @param sources where the groups' offsets come from
     * @param meters where the gauge is registered
     * @param period how often to read
     * @return the running reader; close it to stop
     */
    public static ConsumerLagMetrics start(DashboardSources sources, MeterRegistry meters, Duration period) {
        ConsumerLagMetrics metrics = new ConsumerLagMetrics(sources, meters);
        metrics.scheduler.scheduleWithFixedDelay(metrics::refresh, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return metrics;
    }

    /** Reads the lag once; a failed read keeps the last values and is logged (the next read may succeed). */
    void refresh() {
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (DashboardSources.GroupLag group : sources.topics().groups()) {
                rows.add(MultiGauge.Row.of(Tags.of("group", group.group(), "topic", group.topic()), group.lag()));
            }
            lag.register(rows, true);
        } catch (RuntimeException e) {
            // The scheduler would cancel every later read on an exception.
            log.warn("Could not read the consumer groups' lag: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
