package dev.flywheel.bench;

import dev.flywheel.platform.redis.EmbeddedRedis;
import dev.flywheel.topology.config.FlywheelConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Feature pipeline throughput, source topic to online tier, next to the raw produce-then-consume rate of the same
 * broker.
 *
 * <p>Both trials produce the same pre-encoded 200-byte records (10,000 cards) with the same producer: raw stops the
 * clock when a consumer has read the last one back; the feature trial produces them to {@code <source>.valid} behind a
 * running {@code FeaturePipelineService} (one view of 6 features keyed by card: sliding, tumbling and hopping windows,
 * all-time max and last, exactly-once v2) and stops the clock when the online sink has written the last row to Redis
 * (Feast layout, newer-wins script, pipelined per poll). Pipeline start-up is outside the clock; raw and feature
 * trials alternate. Each round also copies the records through a {@link PassThroughStage}, the ceiling of any
 * exactly-once stage on this broker and machine.
 */
@Command(name = "features-throughput", mixinStandardHelpOptions = true,
        description = "Feature view throughput (source topic to Redis) next to the raw broker rate (medians).")
final class FeatureThroughputBenchmark implements Callable<Integer> {

    private static final Duration TRIAL_TIMEOUT = Duration.ofMinutes(5);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--records", description = "Records per trial (default: ${DEFAULT-VALUE}).")
    int records = 100_000;

    @Option(names = "--trials", description = "Measured trials of each kind (default: ${DEFAULT-VALUE}).")
    int trials = 3;

    @Option(names = "--warmup", description = "Unmeasured trials of each kind first (default: ${DEFAULT-VALUE}).")
    int warmup = 1;

    @Option(names = "--partitions", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        List<Double> raw = new ArrayList<>();
        List<Double> features = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> passRatios = new ArrayList<>();
        List<Double> passCpu = new ArrayList<>();
        List<Double> rawCpu = new ArrayList<>();
        List<Double> featureCpu = new ArrayList<>();
        EmbeddedRedis redis = EmbeddedRedis.builder().port(0).build();
        redis.start();
        try (BenchCluster cluster = new BenchCluster()) {
            BenchRecords data = BenchRecords.create(cluster.registryUrl(), "bench-schema", records);
            out.printf("features-throughput: %d records of %d bytes (10,000 cards) per trial, view of 6 features, "
                    + "%d partitions, %d warm-up + %d trials%n", records, BenchRecords.PAYLOAD_BYTES, partitions, warmup,
                    trials);
            out.printf("%-8s %12s %12s %6s %14s %6s   %s%n", "trial", "raw rec/s", "pass rec/s", "ratio",
                    "online rows/s", "ratio", "cpu us/rec raw pass view");
            for (int trial = 0; trial < warmup + trials; trial++) {
                Trial rawTrial = rawTrial(cluster, data, trial);
                Trial passTrial = passThroughTrial(cluster, data, trial);
                Trial featureTrial = featureTrial(cluster, redis, data, trial);
                double rawRate = rawTrial.rate();
                double featureRate = featureTrial.rate();
                boolean measured = trial >= warmup;
                if (measured) {
                    raw.add(rawRate);
                    features.add(featureRate);
                    ratios.add(featureRate / rawRate);
                    passRatios.add(passTrial.rate() / rawRate);
                    passCpu.add(passTrial.cpuMicrosPerRecord());
                    rawCpu.add(rawTrial.cpuMicrosPerRecord());
                    featureCpu.add(featureTrial.cpuMicrosPerRecord());
                }
                out.printf("%-8s %12.0f %12.0f %6.2f %14.0f %6.2f   %.1f %.1f %.1f%n",
                        measured ? String.valueOf(trial - warmup + 1) : "warm-up", rawRate, passTrial.rate(),
                        passTrial.rate() / rawRate, featureRate, featureRate / rawRate, rawTrial.cpuMicrosPerRecord(),
                        passTrial.cpuMicrosPerRecord(), featureTrial.cpuMicrosPerRecord());
                out.flush();
            }
        } finally {
            redis.stop();
        }
        out.printf("median   %12.0f %12s %6.2f %14.0f %6.2f   %.1f %.1f %.1f   (ratios: medians of per-trial ratios; "
                + "target online / raw >= 0.40)%n", Stats.median(raw), "", Stats.median(passRatios),
                Stats.median(features), Stats.median(ratios), Stats.median(rawCpu), Stats.median(passCpu),
                Stats.median(featureCpu));
        out.flush();
        return 0;
    }

    /**
     * One trial's rate, and the CPU time this JVM (broker, registry, producer, consumers, the view and its sink;
     * not the Redis server, a process of its own) spent from its start to its end, per record: unlike the rate, it
     * hardly depends on how busy the shared machine is.
     */
    private record Trial(double rate, double cpuMicrosPerRecord) {

        static Trial of(int records, long startNanos, long endNanos, long cpuStartNanos) {
            return new Trial(records / ((endNanos - startNanos) / 1e9), (cpuNanos() - cpuStartNanos) / 1e3 / records);
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private Trial rawTrial(BenchCluster cluster, BenchRecords data, int trial) throws Exception {
        String topic = "features-raw-" + trial;
        cluster.createTopics(partitions, topic);
        try (CountingConsumer consumer = new CountingConsumer(cluster.bootstrapServers(), topic, partitions,
                data.count(), false)) {
            long cpu = cpuNanos();
            long start = System.nanoTime();
            produce(cluster, data, topic);
            long end = consumer.awaitLast(TRIAL_TIMEOUT);
            return Trial.of(data.count(), start, end, cpu);
        }
    }

    /** A {@link PassThroughStage} copying the records to another topic, read back {@code read_committed}. */
    private Trial passThroughTrial(BenchCluster cluster, BenchRecords data, int trial) throws Exception {
        String input = "features-pass-in-" + trial;
        String output = "features-pass-out-" + trial;
        cluster.createTopics(partitions, input, output);
        try (PassThroughStage copy = PassThroughStage.start(cluster, "features-pass-" + trial, input, output,
                partitions, settings -> settings);
             CountingConsumer consumer = new CountingConsumer(cluster.bootstrapServers(), output, partitions,
                     data.count(), true)) {
            long cpu = cpuNanos();
            long start = System.nanoTime();
            produce(cluster, data, input);
            long end = consumer.awaitLast(TRIAL_TIMEOUT);
            return Trial.of(data.count(), start, end, cpu);
        }
    }

    private Trial featureTrial(BenchCluster cluster, EmbeddedRedis redis, BenchRecords data, int trial)
            throws Exception {
        String prefix = "ft" + trial + "-";
        FlywheelConfig config = FeatureBenchSupport.config(cluster, redis, prefix, partitions);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (FeatureBenchSupport.Running running = FeatureBenchSupport.start(
                FeatureBenchSupport.spec("bench_t" + trial), config, meters)) {
            long cpu = cpuNanos();
            long start = System.nanoTime();
            produce(cluster, data, running.validTopic());
            long end = FeatureBenchSupport.awaitRows(meters, data.count(), TRIAL_TIMEOUT);
            return Trial.of(data.count(), start, end, cpu);
        }
    }

    private static void produce(BenchCluster cluster, BenchRecords data, String topic) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(cluster),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < data.count(); i++) {
                producer.send(new ProducerRecord<>(topic, data.keys[i], data.values[i]));
            }
            producer.flush();
        }
    }

    static Map<String, Object> producerConfig(BenchCluster cluster) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }
}
