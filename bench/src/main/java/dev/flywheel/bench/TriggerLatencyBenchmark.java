package dev.flywheel.bench;

import dev.flywheel.platform.s3.EmbeddedS3;
import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.Severity;
import dev.flywheel.schemas.registry.HttpSchemaRegistryClient;
import dev.flywheel.schemas.registry.RegistryClientConfig;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import dev.flywheel.training.TrainingSettings;
import dev.flywheel.training.TrainingTriggerService;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Time from a {@code DriftDetected} event to the submission of its training job, through the real training trigger
 * ({@link TrainingTriggerService}: the exactly-once policy stage, the journal, the scheduler, the request runner and
 * a real launcher) on the in-process broker and schema registry. Only the dataset step is replaced, by one that
 * answers at once with a ready dataset: the dataset build is excluded, as the issue asks. Each alarm names its own
 * model (one model per alarm), so no alarm waits for another's cooldown, coalescing span or job slot.
 *
 * <p>Launchers: {@code job} (batch/v1 Job created on fabric8's CRUD-mode mock API server, the same server the
 * launcher tests use; no real API server can run here) and {@code local} (a child process; the command is a stub
 * that exits at once, since only its start is on the measured path). Submitted jobs are left to the trigger's watcher,
 * which holds no request thread; the mock server's Jobs never end (no controller), so the watch interval is long, to
 * keep hundreds of polls per second off the measured machine.
 */
@Command(name = "trigger-latency", mixinStandardHelpOptions = true,
        description = "DriftDetected to job submission p50/p99 with the mock API server and the local launcher "
                + "(dataset build excluded).")
final class TriggerLatencyBenchmark implements Callable<Integer> {

    /** The mock API server logs every request at INFO through java.util.logging: held here so the level sticks. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--events", description = "Measured drift alarms per trial (default: ${DEFAULT-VALUE}).")
    int events = 200;

    @Option(names = "--warmup-events", description = "Unmeasured alarms first in each trial (default: ${DEFAULT-VALUE}).")
    int warmupEvents = 10;

    @Option(names = "--interval-ms", description = "Time between two alarms (default: ${DEFAULT-VALUE}).")
    long intervalMs = 250;

    @Option(names = "--trials", description = "Trials per launcher (default: ${DEFAULT-VALUE}).")
    int trials = 3;

    @Option(names = "--launchers", split = ",", description = "job, local or both (default: ${DEFAULT-VALUE}).")
    List<String> launchers = List.of("job", "local");

    @Option(names = "--coalesce", description = "The models' coalescing span, flywheel.yaml syntax "
            + "(default: ${DEFAULT-VALUE}; the spec's own default is 30s).")
    String coalesce = "0s";

    @Option(names = "--partitions", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Option(names = "--set", description = "Training trigger setting NAME=VALUE (repeatable), e.g. "
            + "training.policy.tick.ms=200.")
    Map<String, String> sets = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        Map<String, List<TriggerLatencies.Summary>> results = new java.util.LinkedHashMap<>();
        EmbeddedS3 s3 = EmbeddedS3.builder().port(0).build();
        s3.start();
        try (BenchCluster cluster = new BenchCluster()) {
            out.printf("trigger-latency: DriftDetected -> job SUBMITTED, %d alarms per trial (+%d warm-up) every %d ms, "
                    + "one model each, coalesce %s, %d partitions; dataset build EXCLUDED (instant dataset step)%n",
                    events, warmupEvents, intervalMs, coalesce, partitions);
            out.printf("%-7s %-6s %10s %10s %10s %10s %10s %10s %10s%n", "launch", "trial", "p50 ms", "p99 ms",
                    "max ms", "read p50", "read p99", "policy p50", "flow p50");
            for (int trial = 1; trial <= trials; trial++) {
                for (String launcher : launchers) {
                    TriggerLatencies.Summary summary = trial(cluster, s3, launcher, trial);
                    results.computeIfAbsent(launcher, l -> new ArrayList<>()).add(summary);
                    out.printf("%-7s %-6d %10.0f %10.0f %10.0f %10.0f %10.0f %10.0f %10.0f%n", launcher, trial,
                            summary.p50(), summary.p99(), summary.max(), summary.readP50(), summary.readP99(),
                            summary.policyP50(), summary.flowP50());
                    out.flush();
                }
            }
        } finally {
            s3.stop();
        }
        results.forEach((launcher, summaries) -> out.printf("%-7s %-6s %10.0f %10.0f %10s %10.0f %10.0f   "
                        + "(medians of %d trials; target p99 <= 2000 ms)%n", launcher, "median",
                Stats.median(summaries.stream().map(TriggerLatencies.Summary::p50).toList()),
                Stats.median(summaries.stream().map(TriggerLatencies.Summary::p99).toList()), "",
                Stats.median(summaries.stream().map(TriggerLatencies.Summary::readP50).toList()),
                Stats.median(summaries.stream().map(TriggerLatencies.Summary::readP99).toList()), summaries.size()));
        out.println("p50/p99/max: alarm sent -> SUBMITTED stamped (right after the create call / process start); "
                + "read: -> SUBMITTED read by a consumer; policy: alarm -> TrainingRequested stamped; "
                + "flow: TrainingRequested -> SUBMITTED stamped");
        out.flush();
        return 0;
    }

    private TriggerLatencies.Summary trial(BenchCluster cluster, EmbeddedS3 s3, String launcher, int trial)
            throws Exception {
        String prefix = "tl" + trial + launcher + "-";
        Path work = Files.createTempDirectory("flywheel-trigger-bench");
        FlywheelConfig config = FlywheelConfig.load(Map.of(), Map.of(
                "kafka.bootstrap.servers", cluster.bootstrapServers(), "registry.url", cluster.registryUrl(),
                "state.dir", work.resolve("state").toString(), "topic.prefix", prefix,
                "topic.partitions", String.valueOf(partitions), "s3.endpoint", s3.endpoint(),
                "s3.access.key", s3.accessKey(), "s3.secret.key", s3.secretKey(), "s3.region", s3.region()));
        List<String> models = new ArrayList<>();
        for (int i = 0; i < warmupEvents + events; i++) {
            models.add(String.format("m%04d", i));
        }
        FlywheelSpec spec = spec(models, launcher);
        Map<String, String> overrides = new HashMap<>(Map.of(
                TrainingSettings.WORK_DIR, work.toString(),
                TrainingSettings.TRAINER_COMMAND, "true",
                // watching is off the measured path and holds no request thread; the mock server's Jobs never end
                TrainingSettings.WATCH_INTERVAL_MS, "600000",
                TrainingSettings.K8S_BACKOFF_MS, "100"));
        overrides.putAll(sets);
        TrainingSettings settings = TrainingSettings.load(Map.of(), overrides);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        try (HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(
                     RegistryClientConfig.of(cluster.registryUrl()));
             KubernetesClient kubernetes = server.createClient(builder -> builder.withConfig(
                     new ConfigBuilder().withMasterUrl(server.url("/")).withTrustCerts(true)
                             .withRequestRetryBackoffLimit(0).withNamespace("default").build()))) {
            TopicCatalogue topics = TopicCatalogue.of(spec, config, new AvroTopicSerdes(registry, Map.of()));
            try (Admin admin = Admin.create(ClientConfigs.kafka(config))) {
                new TopicProvisioner(admin).provision(topics.provisioned());
            }
            TrainingTriggerService.Parts parts = new TrainingTriggerService.Parts(
                    Optional.of(new InstantDatasetStep(config.s3Bucket())), Optional.of(kubernetes), Optional.empty());
            try (TrainingTriggerService trigger = TrainingTriggerService.create(spec, config, new SimpleMeterRegistry(),
                    settings, parts);
                 TriggerLatencies latencies = new TriggerLatencies(config, topics.training());
                 KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(ClientConfigs.kafka(config),
                         topics.drift().keySerde().serializer(), topics.drift().valueSerde().serializer())) {
                trigger.start();
                awaitUp(trigger);
                latencies.start();
                send(producer, topics.drift().name(), models.subList(0, warmupEvents), latencies);
                latencies.awaitSubmitted(models.subList(0, warmupEvents), Duration.ofMinutes(2));
                List<String> measured = models.subList(warmupEvents, models.size());
                send(producer, topics.drift().name(), measured, latencies);
                latencies.awaitSubmitted(measured, Duration.ofMinutes(5));
                return latencies.summary(measured);
            }
        } finally {
            server.destroy();
        }
    }

    private void send(KafkaProducer<String, SpecificRecord> producer, String topic, List<String> models,
                      TriggerLatencies latencies) throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < models.size(); i++) {
            long wait = start + TimeUnit.MILLISECONDS.toNanos(intervalMs * i) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String model = models.get(i);
            Instant now = Instant.now();
            latencies.sent(model, now);
            producer.send(new ProducerRecord<>(topic, "bench_drift", alarm(model, now)));
        }
        producer.flush();
    }

    private static void awaitUp(TrainingTriggerService trigger) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!trigger.health().isUp()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the training trigger did not come up: " + trigger.health());
            }
            Thread.sleep(50);
        }
    }

    private static DriftDetected alarm(String model, Instant at) {
        return DriftDetected.newBuilder().setEventId("bench-alarm-" + model + "-" + at.toEpochMilli())
                .setOccurredAt(at).setMonitor("bench_drift").setView("card_spend").setFeature(null)
                .setDriftedFeatures(List.of("card_spend:txn_count_1h")).setMethod("PSI").setScore(0.4)
                .setThreshold(0.1).setDriftedShare(1.0).setSeverity(Severity.HIGH).setWindowStart(at)
                .setWindowEnd(at).setWindowSize(1000).setReferenceSize(1000).setModel(model).build();
    }

    private FlywheelSpec spec(List<String> models, String launcher) {
        StringBuilder yaml = new StringBuilder("""
                project: bench
                sources:
                  - {name: transactions, topic: transactions, key: card_id, timestamp: ts}
                  - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts}
                feature_views:
                  - name: card_spend
                    source: transactions
                    entity: card_id
                    features:
                      - {name: txn_count_1h, agg: count, window: 1h}
                labels:
                  - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts, field: is_fraud}
                monitors:
                  - {name: bench_drift, view: card_spend, model: %s, window: 1000, method: auto}
                models:
                """.formatted(models.get(0)));
        String trainer = "job".equals(launcher) ? "{backend: job, image: flywheel-trainer:bench}" : "{backend: local}";
        for (String model : models) {
            yaml.append("  - {name: ").append(model).append(", features: [card_spend:txn_count_1h], label: fraud_labels, ")
                    .append("trainer: ").append(trainer).append(", retrain: {on_drift: {min_share: 0.3}, cooldown: 1h, ")
                    .append("coalesce: ").append(coalesce).append(", max_concurrent: 1}}\n");
        }
        return SpecLoader.parse("flywheel.yaml", yaml.toString());
    }
}
