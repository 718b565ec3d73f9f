package dev.flywheel.bench;

import dev.flywheel.ingestion.IngestionService;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FieldContract;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.spec.TimeBounds;
import dev.flywheel.topology.topics.TopicNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ingestion throughput for 200-byte records next to the raw produce-then-consume rate of the same broker.
 *
 * <p>Both trials start a consumer first, then produce the same pre-encoded records with the same
 * producer settings, and stop the clock when the consumer has read the last one: raw reads the topic it
 * produced to; ingestion reads {@code <source>.valid} (read_committed) behind a running ingestion stage
 * (decode through the registry, a three-rule contract, event-time bounds, lineage headers, exactly-once).
 * Stage start-up is outside the clock. Raw and ingestion trials alternate so drift in machine load hits
 * both alike.
 */
@Command(name = "ingestion", mixinStandardHelpOptions = true,
        description = "Ingestion stage throughput next to the raw broker rate (medians of several trials).")
final class IngestionBenchmark implements Callable<Integer> {

    private static final Duration TRIAL_TIMEOUT = Duration.ofMinutes(5);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--records", description = "Records per trial (default: ${DEFAULT-VALUE}).")
    int records = 200_000;

    @Option(names = "--trials", description = "Measured trials of each kind (default: ${DEFAULT-VALUE}).")
    int trials = 5;

    @Option(names = "--warmup", description = "Unmeasured trials of each kind first (default: ${DEFAULT-VALUE}).")
    int warmup = 1;

    @Option(names = "--partitions", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        List<Double> raw = new ArrayList<>();
        List<Double> ingestion = new ArrayList<>();
        try (BenchCluster cluster = new BenchCluster()) {
            BenchRecords data = BenchRecords.create(cluster.registryUrl(), "bench-schema", records);
            out.printf("ingestion benchmark: %d records of %d bytes per trial, %d partitions, %d warm-up + %d trials%n",
                    records, BenchRecords.PAYLOAD_BYTES, partitions, warmup, trials);
            out.printf("%-8s %16s %16s %8s%n", "trial", "raw rec/s", "ingestion rec/s", "ratio");
            for (int trial = 0; trial < warmup + trials; trial++) {
                double rawRate = rawTrial(cluster, data, trial);
                double ingestionRate = ingestionTrial(cluster, data, trial);
                boolean measured = trial >= warmup;
                if (measured) {
                    raw.add(rawRate);
                    ingestion.add(ingestionRate);
                }
                out.printf("%-8s %16.0f %16.0f %8.2f%n", measured ? String.valueOf(trial - warmup + 1) : "warm-up",
                        rawRate, ingestionRate, ingestionRate / rawRate);
                out.flush();
            }
        }
        double rawMedian = Stats.median(raw);
        double ingestionMedian = Stats.median(ingestion);
        out.printf("median   %16.0f %16.0f %8.2f   (ingestion / raw, target >= 0.60)%n", rawMedian, ingestionMedian,
                ingestionMedian / rawMedian);
        out.flush();
        return 0;
    }

    private double rawTrial(BenchCluster cluster, BenchRecords data, int trial) throws Exception {
        String topic = "raw-" + trial;
        cluster.createTopics(partitions, topic);
        try (CountingConsumer consumer = new CountingConsumer(cluster.bootstrapServers(), topic, partitions,
                data.count(), false)) {
            return produceAndAwait(cluster, data, topic, consumer);
        }
    }

    private double ingestionTrial(BenchCluster cluster, BenchRecords data, int trial) throws Exception {
        String name = "bench-" + trial;
        String input = "src-" + trial;
        TopicNames names = new TopicNames("");
        cluster.createTopics(partitions, input, names.valid(name), names.dlq(name));
        FlywheelConfig config = FlywheelConfig.load(Map.of(), Map.of(
                "kafka.bootstrap.servers", cluster.bootstrapServers(),
                "registry.url", cluster.registryUrl(),
                "state.dir", cluster.stateDir().toString(),
                "topic.partitions", String.valueOf(partitions)));
        try (IngestionService service = IngestionService.create(spec(name, input), Path.of("."), config,
                new SimpleMeterRegistry())) {
            service.start();
            awaitUp(service);
            try (CountingConsumer consumer = new CountingConsumer(cluster.bootstrapServers(), names.valid(name),
                    partitions, data.count(), true)) {
                return produceAndAwait(cluster, data, input, consumer);
            }
        }
    }

    /** A source with a realistic small contract: a range, an allowed set and a pattern. */
    private static FlywheelSpec spec(String name, String topic) {
        List<FieldContract> contract = List.of(
                new FieldContract("amount", true, OptionalDouble.of(0), OptionalDouble.of(100_000), List.of(),
                        Optional.empty(), OptionalInt.empty(), OptionalInt.empty()),
                new FieldContract("country", true, OptionalDouble.empty(), OptionalDouble.empty(),
                        List.of("US", "DE", "FR", "GB"), Optional.empty(), OptionalInt.empty(), OptionalInt.empty()),
                new FieldContract("card_id", true, OptionalDouble.empty(), OptionalDouble.empty(), List.of(),
                        Optional.of("card-[0-9]+"), OptionalInt.empty(), OptionalInt.of(32)));
        SourceSpec source = new SourceSpec(name, topic, "card_id", Optional.of("ts"), Optional.empty(), contract,
                TimeBounds.DEFAULT, Optional.empty());
        return new FlywheelSpec("bench", List.of(source), List.of(), List.of(), List.of(), List.of());
    }

    private static void awaitUp(IngestionService service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!service.health().values().stream().allMatch(h -> h.isUp())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ingestion stage not up: " + service.health());
            }
            Thread.sleep(50);
        }
    }

    private static double produceAndAwait(BenchCluster cluster, BenchRecords data, String topic,
                                          CountingConsumer consumer) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(cluster),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < data.count(); i++) {
                producer.send(new ProducerRecord<>(topic, data.keys[i], data.values[i]));
            }
            producer.flush();
            long end = consumer.awaitLast(TRIAL_TIMEOUT);
            return data.count() / ((end - start) / 1e9);
        }
    }

    private static Map<String, Object> producerConfig(BenchCluster cluster) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }
}
