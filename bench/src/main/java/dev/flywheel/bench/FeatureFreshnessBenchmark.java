package dev.flywheel.bench;

import dev.flywheel.platform.redis.EmbeddedRedis;
import dev.flywheel.schemas.serde.GenericAvroSerializer;
import dev.flywheel.topology.config.FlywheelConfig;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Freshness of the online tier at a steady event rate: each event's {@code ts} is the wall clock when it is produced
 * to {@code <source>.valid}, and the online sink's {@code flywheel.online.freshness} timer records, per row, the time
 * from that event time to the Redis write that made it servable (through the view's exactly-once commit, 100 ms
 * interval, and the read_committed sink). Percentiles are the timer's own (HdrHistogram, 2 significant digits) over
 * every row of the trial. A fresh pipeline per trial, after an unmeasured warm-up trial in the same JVM.
 */
@Command(name = "features-freshness", mixinStandardHelpOptions = true,
        description = "Online tier freshness p50/p99 (event time to Redis write) at a steady event rate (medians).")
final class FeatureFreshnessBenchmark implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--rate", description = "Events per second (default: ${DEFAULT-VALUE}).")
    int rate = 5_000;

    @Option(names = "--seconds", description = "Seconds of steady production per trial (default: ${DEFAULT-VALUE}).")
    int seconds = 20;

    @Option(names = "--trials", description = "Measured trials (default: ${DEFAULT-VALUE}).")
    int trials = 3;

    @Option(names = "--warmup", description = "Unmeasured trials first (default: ${DEFAULT-VALUE}).")
    int warmup = 1;

    @Option(names = "--partitions", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        List<Double> p50s = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        EmbeddedRedis redis = EmbeddedRedis.builder().port(0).build();
        redis.start();
        try (BenchCluster cluster = new BenchCluster()) {
            out.printf("features-freshness: %d events/s for %d s per trial (10,000 cards), view of 6 features, "
                    + "%d partitions, %d warm-up + %d trials%n", rate, seconds, partitions, warmup, trials);
            out.printf("%-8s %12s %10s %10s %10s %10s%n", "trial", "sent ev/s", "p50 ms", "p99 ms", "max ms", "rows");
            for (int trial = 0; trial < warmup + trials; trial++) {
                Result result = trial(cluster, redis, trial);
                boolean measured = trial >= warmup;
                if (measured) {
                    p50s.add(result.p50);
                    p99s.add(result.p99);
                }
                out.printf("%-8s %12.0f %10.1f %10.1f %10.1f %10d%n", measured ? String.valueOf(trial - warmup + 1)
                        : "warm-up", result.sentRate, result.p50, result.p99, result.max, result.rows);
                out.flush();
            }
        } finally {
            redis.stop();
        }
        out.printf("median   %12s %10.1f %10.1f   (target p99 <= 500 ms)%n", "", Stats.median(p50s),
                Stats.median(p99s));
        out.flush();
        return 0;
    }

    private record Result(double sentRate, double p50, double p99, double max, long rows) {
    }

    private Result trial(BenchCluster cluster, EmbeddedRedis redis, int trial) throws Exception {
        String prefix = "ff" + trial + "-";
        FlywheelConfig config = FeatureBenchSupport.config(cluster, redis, prefix, partitions);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        meters.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(FeatureBenchSupport.FRESHNESS)) {
                    return config;
                }
                // Exact-enough percentiles over the whole trial: one buffer that does not expire within it.
                return DistributionStatisticConfig.builder().percentiles(0.5, 0.99).percentilePrecision(2)
                        .expiry(Duration.ofHours(1)).bufferLength(1).build().merge(config);
            }
        });
        try (FeatureBenchSupport.Running running = FeatureBenchSupport.start(
                FeatureBenchSupport.spec("fresh_t" + trial), config, meters);
             GenericAvroSerializer serializer = new GenericAvroSerializer();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                     FeatureThroughputBenchmark.producerConfig(cluster), new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            serializer.configure(Map.of("schema.registry.url", cluster.registryUrl()), false);
            long total = (long) rate * seconds;
            long start = System.nanoTime();
            long sent = 0;
            while (sent < total) {
                long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
                for (; sent < due; sent++) {
                    GenericRecord event = event(sent, System.currentTimeMillis());
                    producer.send(new ProducerRecord<>(running.validTopic(),
                            event.get("card_id").toString().getBytes(StandardCharsets.UTF_8),
                            serializer.serialize(running.validTopic(), event)));
                }
                long next = start + (sent * 1_000_000_000L) / rate;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            producer.flush();
            double sentRate = total / ((System.nanoTime() - start) / 1e9);
            FeatureBenchSupport.awaitRows(meters, total, Duration.ofMinutes(2));
            Timer freshness = meters.get(FeatureBenchSupport.FRESHNESS).timer();
            HistogramSnapshot snapshot = freshness.takeSnapshot();
            double p50 = Double.NaN;
            double p99 = Double.NaN;
            for (ValueAtPercentile value : snapshot.percentileValues()) {
                if (value.percentile() == 0.5) {
                    p50 = value.value(TimeUnit.MILLISECONDS);
                } else if (value.percentile() == 0.99) {
                    p99 = value.value(TimeUnit.MILLISECONDS);
                }
            }
            return new Result(sentRate, p50, p99, freshness.max(TimeUnit.MILLISECONDS), freshness.count());
        }
    }

    private static GenericRecord event(long i, long ts) {
        GenericRecord record = new GenericData.Record(BenchRecords.SCHEMA);
        record.put("txn_id", new UUID(0, i).toString());
        record.put("card_id", String.format("card-%06d", i % 10_000));
        record.put("amount", 10.0 + (i % 1000));
        record.put("country", i % 3 == 0 ? "DE" : "FR");
        record.put("merchant", "m" + (i % 50));
        record.put("ts", ts);
        return record;
    }
}
