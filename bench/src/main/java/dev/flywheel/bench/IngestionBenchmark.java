package dev.flywheel.bench;

import dev.flywheel.ingestion.IngestionService;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.StageSettings;
import dev.flywheel.topology.spec.FieldContract;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.spec.TimeBounds;
import dev.flywheel.topology.topics.TopicNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
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
 *
 * <p>Each round also runs a <em>pass-through</em> trial: a bare Kafka Streams application with the stage's own
 * settings (exactly-once v2, its producer batching, its stream threads) whose topology copies the source topic's
 * bytes to another topic and does nothing else, read the same way ({@code read_committed}). It is the ceiling of
 * any exactly-once Kafka Streams stage on this broker and machine, so the ingestion stage's own cost is its
 * distance from the pass-through, and the pass-through's distance from raw is Kafka's.
 */
@Command(name = "ingestion", mixinStandardHelpOptions = true,
        description = "Ingestion stage throughput next to the raw broker rate (medians of several trials).")
final class IngestionBenchmark implements Callable<Integer> {

    private static final Duration TRIAL_TIMEOUT = Duration.ofMinutes(5);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--records", description = "Records per trial (default: ${DEFAULT-VALUE}).")
    int records = 1_000_000;

    @Option(names = "--trials", description = "Measured trials of each kind (default: ${DEFAULT-VALUE}).")
    int trials = 5;

    @Option(names = "--warmup", description = "Unmeasured trials of each kind first (default: ${DEFAULT-VALUE}).")
    int warmup = 1;

    @Option(names = "--partitions", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Option(names = "--variant", paramLabel = "NAME:KEY=VALUE[,KEY=VALUE...]",
            description = "A pass-through and an ingestion trial with these stage (Kafka Streams) settings changed, run "
                    + "beside the plain ones of each round, paired with the same raw trial; repeatable. Example: "
                    + "--variant inflight1:producer.max.in.flight.requests.per.connection=1")
    List<String> variantSpecs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        List<Variant> variants = new ArrayList<>();
        variants.add(Variant.PLAIN);
        variantSpecs.stream().map(Variant::parse).forEach(variants::add);
        List<Double> raw = new ArrayList<>();
        List<Double> rawCpu = new ArrayList<>();
        List<Rates> byVariant = new ArrayList<>();
        variants.forEach(v -> byVariant.add(new Rates()));
        try (BenchCluster cluster = new BenchCluster()) {
            BenchRecords data = BenchRecords.create(cluster.registryUrl(), "bench-schema", records);
            out.printf("ingestion benchmark: %d records of %d bytes per trial, %d partitions, %d warm-up + %d trials%n",
                    records, BenchRecords.PAYLOAD_BYTES, partitions, warmup, trials);
            variants.stream().skip(1).forEach(v -> out.printf("variant %s: %s%n", v.name(), v.settings()));
            out.printf("%-8s %-10s %10s %10s %6s %10s %6s %7s   %s%n", "trial", "variant", "raw rec/s", "pass rec/s",
                    "ratio", "ingest/s", "ratio", "of pass", "cpu us/rec raw pass ingest");
            int run = 0;
            for (int trial = 0; trial < warmup + trials; trial++) {
                Trial rawTrial = rawTrial(cluster, data, trial);
                boolean measured = trial >= warmup;
                if (measured) {
                    raw.add(rawTrial.rate());
                    rawCpu.add(rawTrial.cpuMicrosPerRecord());
                }
                for (int k = 0; k < variants.size(); k++) {
                    // rotate the order each round: the first stage trial after a raw one is not always the same
                    int v = (k + trial) % variants.size();
                    Trial pass = passThroughTrial(cluster, data, run, variants.get(v));
                    Trial stage = ingestionTrial(cluster, data, run++, variants.get(v));
                    if (measured) {
                        byVariant.get(v).add(rawTrial, pass, stage);
                    }
                    out.printf("%-8s %-10s %10.0f %10.0f %6.2f %10.0f %6.2f %7.2f   %.1f %.1f %.1f%n",
                            measured ? String.valueOf(trial - warmup + 1) : "warm-up", variants.get(v).name(),
                            rawTrial.rate(), pass.rate(), pass.rate() / rawTrial.rate(), stage.rate(),
                            stage.rate() / rawTrial.rate(), stage.rate() / pass.rate(), rawTrial.cpuMicrosPerRecord(),
                            pass.cpuMicrosPerRecord(), stage.cpuMicrosPerRecord());
                    out.flush();
                }
            }
        }
        out.println("medians (ratios are medians of the per-trial ratios; target ingestion / raw >= 0.60):");
        for (int v = 0; v < variants.size(); v++) {
            Rates r = byVariant.get(v);
            out.printf("median   %-10s %10.0f %10.0f %6.2f %10.0f %6.2f %7.2f   %.1f %.1f %.1f%n",
                    variants.get(v).name(), Stats.median(raw), Stats.median(r.pass), Stats.median(r.passRatio),
                    Stats.median(r.stage), Stats.median(r.stageRatio), Stats.median(r.ofPass), Stats.median(rawCpu),
                    Stats.median(r.passCpu), Stats.median(r.stageCpu));
        }
        out.flush();
        return 0;
    }

    /** The measured trials of one variant. */
    private static final class Rates {
        final List<Double> pass = new ArrayList<>();
        final List<Double> stage = new ArrayList<>();
        final List<Double> passRatio = new ArrayList<>();
        final List<Double> stageRatio = new ArrayList<>();
        final List<Double> ofPass = new ArrayList<>();
        final List<Double> passCpu = new ArrayList<>();
        final List<Double> stageCpu = new ArrayList<>();

        void add(Trial raw, Trial passThrough, Trial ingestion) {
            pass.add(passThrough.rate());
            stage.add(ingestion.rate());
            passRatio.add(passThrough.rate() / raw.rate());
            stageRatio.add(ingestion.rate() / raw.rate());
            ofPass.add(ingestion.rate() / passThrough.rate());
            passCpu.add(passThrough.cpuMicrosPerRecord());
            stageCpu.add(ingestion.cpuMicrosPerRecord());
        }
    }

    /** Stage settings an ingestion trial runs with: none changed ({@link #PLAIN}), or some Kafka Streams ones. */
    record Variant(String name, Map<String, String> settings) {

        static final Variant PLAIN = new Variant("plain", Map.of());

        /** Parses {@code NAME:KEY=VALUE[,KEY=VALUE...]}. */
        static Variant parse(String spec) {
            int colon = spec.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--variant '" + spec + "': expected NAME:KEY=VALUE[,KEY=VALUE...]");
            }
            Map<String, String> settings = new java.util.LinkedHashMap<>();
            for (String pair : spec.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--variant '" + spec + "': '" + pair + "' is not KEY=VALUE");
                }
                settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
            return new Variant(spec.substring(0, colon), settings);
        }

        StageSettings apply(StageSettings stage) {
            StageSettings changed = stage;
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                changed = changed.with(setting.getKey(), setting.getValue());
            }
            return changed;
        }
    }

    private Trial rawTrial(BenchCluster cluster, BenchRecords data, int trial) throws Exception {
        String topic = "raw-" + trial;
        cluster.createTopics(partitions, topic);
        try (CountingConsumer consumer = new CountingConsumer(cluster.bootstrapServers(), topic, partitions,
                data.count(), false)) {
            return produceAndAwait(cluster, data, topic, consumer);
        }
    }

    private Trial ingestionTrial(BenchCluster cluster, BenchRecords data, int trial, Variant variant)
            throws Exception {
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
                new SimpleMeterRegistry(), ClientConfigs.schemaRegistryClient(config), variant::apply,
                Clock.systemUTC())) {
            service.start();
            awaitUp(service);
            try (CountingConsumer consumer = new CountingConsumer(cluster.bootstrapServers(), names.valid(name),
                    partitions, data.count(), true)) {
                return produceAndAwait(cluster, data, input, consumer);
            }
        }
    }

    /**
     * A {@link PassThroughStage} with the variant's settings that copies {@code src-pass-<trial>} to
     * {@code copy-pass-<trial>} byte for byte: no decoding, no contract, no headers.
     */
    private Trial passThroughTrial(BenchCluster cluster, BenchRecords data, int trial, Variant variant)
            throws Exception {
        String input = "src-pass-" + trial;
        String output = "copy-pass-" + trial;
        cluster.createTopics(partitions, input, output);
        try (PassThroughStage copy = PassThroughStage.start(cluster, "bench-pass-" + trial, input, output, partitions,
                variant::apply);
             CountingConsumer consumer = new CountingConsumer(cluster.bootstrapServers(), output, partitions,
                     data.count(), true)) {
            return produceAndAwait(cluster, data, input, consumer);
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

    /**
     * A trial's rate, and the JVM's CPU time per record over it (broker, registry, producer, consumer and stage
     * together): a cost that depends much less on how busy the machine is than the rate.
     */
    private record Trial(double rate, double cpuMicrosPerRecord) {
    }

    private static Trial produceAndAwait(BenchCluster cluster, BenchRecords data, String topic,
                                         CountingConsumer consumer) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(cluster),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < data.count(); i++) {
                producer.send(new ProducerRecord<>(topic, data.keys[i], data.values[i]));
            }
            producer.flush();
            long end = consumer.awaitLast(TRIAL_TIMEOUT);
            long cpu = os.getProcessCpuTime() - cpuStart;
            return new Trial(data.count() / ((end - start) / 1e9), cpu / 1e3 / data.count());
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
