package dev.flywheel.cli;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flywheel.cli.demo.DemoPlan;
import dev.flywheel.cli.demo.DemoProducer;
import dev.flywheel.cli.demo.DemoScript;
import dev.flywheel.cli.demo.DemoSummary;
import dev.flywheel.cli.demo.LoopIncompleteException;
import dev.flywheel.cli.demo.LoopStory;
import dev.flywheel.cli.demo.LoopWatcher;
import dev.flywheel.cli.demo.Narrator;
import dev.flywheel.ingestion.producer.FlywheelProducer;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.runtime.HealthStatus;
import dev.flywheel.topology.spec.Durations;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.training.TrainingSettings;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flywheel demo}: everything {@code up} starts, on free ports and in temporary folders, with the bundled
 * card-fraud spec and a synthetic producer; then the whole loop, shown step by step from the backbone events, and a
 * summary. Exit 0 when the drift monitor took the retrained champion's reference, 1 when the loop did not complete
 * within {@code --timeout} (one line says where it stopped).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole loop on a bundled example: card payments with fraud labels, a feature view, a "
                + "drift monitor and a model retrained on drift.",
            "",
            "Starts everything on free ports in temporary folders (a running 'flywheel up' is not disturbed), sends "
                + "normal traffic, trains a first model, injects drift, and shows the loop close on its own: drift "
                + "alarm, training request, dataset, local training, new version, promotion, new drift reference.",
            "",
            "Only errors of the stages' own logs reach the terminal; FLYWHEEL_LOG_LEVEL=WARN (or INFO) shows more."})
final class DemoCommand implements Callable<Integer> {

    /** The bundled spec, on the class path. */
    static final String SPEC_RESOURCE = "/demo/flywheel.yaml";
    static final String MODEL = "fraud_detector";
    static final String VIEW = "card_activity";
    static final String LABELS = "fraud_labels";
    static final long DEFAULT_WARMUP_ROWS = 3_000;
    /** The offline tier writes a demo's rows within this: seconds, not the default minutes. */
    /** Set, it keeps the stages' logs at that level during a demo too (see {@link #quietStageLogs()}). */
    private static final String LOG_LEVEL_VARIABLE = "FLYWHEEL_LOG_LEVEL";
    private static final String FLYWHEEL_LOGGERS = "dev.flywheel";
    private static final Duration OFFLINE_ROLL = Duration.ofSeconds(2);

    @Spec
    CommandSpec command;

    @Option(names = "--rate", paramLabel = "N", description = "Payments a second, each with its label "
            + "(default: ${DEFAULT-VALUE}).")
    int rate = 200;

    @Option(names = "--warmup-rows", paramLabel = "N", description = "Feature rows and labels in the offline tier "
            + "before the first training (default: ${DEFAULT-VALUE}).")
    long warmupRows = DEFAULT_WARMUP_ROWS;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Give up when the loop has not completed "
            + "after this long, e.g. 90s, 5m (default: ${DEFAULT-VALUE}).")
    String timeout = "5m";

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the synthetic traffic (default: "
            + "${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address the services bind (default: "
            + "${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--api-port", paramLabel = "PORT", description = "Dashboard and HTTP API port (default: "
            + "${DEFAULT-VALUE} = any free port).")
    int apiPort;

    @Option(names = "--trainer-jar", paramLabel = "JAR", description = "The reference trainer (default: "
            + "$FLYWHEEL_TRAINING_TRAINER_JAR, which ./flywheel sets).")
    Path trainerJar;

    @Option(names = "--keep-running", description = "After the summary, stay up (dashboard, API) until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--json", description = "Print the summary as JSON on stdout (the steps then go to stderr).")
    boolean json;

    @Mixin
    SettingsOptions settings = new SettingsOptions();

    /** Called with the running backbone after the loop completed, before anything stops; for tests. */
    Consumer<LocalBackbone> afterLoop = backbone -> { };

    @Override
    public Integer call() throws InterruptedException {
        Duration limit = validate();
        FlywheelConfig config = settings.load();
        quietStageLogs();
        FlywheelSpec spec = bundledSpec();
        PrintWriter out = command.commandLine().getOut();
        // With --json, stdout carries the summary alone; the story goes to stderr.
        Narrator narrator = new Narrator(json ? command.commandLine().getErr() : out, System::nanoTime);
        try (DemoRun run = new DemoRun()) {
            Thread hook = new Thread(() -> stopOnSignal(run), "flywheel-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                narrator.phase("Starting Kafka, schema registry, Redis, S3 and every stage (free ports, temporary "
                        + "folders)");
                run.start(config, spec, host, apiPort, trainingOverrides(run), seed);
                narrator.note("kafka " + run.backbone.endpoints().bootstrapServers() + ", schema registry "
                        + run.backbone.endpoints().registryUrl() + ", dashboard " + dashboard(run));
                LoopStory story = run.watch(narrator);
                DemoScript script = new DemoScript(new DemoPlan(MODEL, VIEW, LABELS, rate, warmupRows, limit),
                        run.producer, story, backstage(run), narrator);
                ModelPromoted champion = script.run();
                afterLoop.accept(run.backbone);
                report(out, summary(narrator, run, story, champion));
                if (keepRunning) {
                    narrator.note("still running: dashboard at " + dashboard(run) + "; Ctrl-C stops");
                    run.stopped.await();
                }
                return 0;
            } catch (LoopIncompleteException e) {
                if (run.closing()) {
                    // Ctrl-C: the stages stopping under the script is not the loop's failure; the hook reports.
                    return Flywheel.EXIT_FAILURE;
                }
                PrintWriter err = command.commandLine().getErr();
                err.println("flywheel: demo: " + e.getMessage());
                err.flush();
                return Flywheel.EXIT_FAILURE;
            } finally {
                removeHook(hook);
            }
        }
    }

    private Duration validate() {
        if (rate < 1 || rate > 10_000) {
            throw new ParameterException(command.commandLine(), "--rate must be between 1 and 10000, not " + rate);
        }
        if (warmupRows < 100) {
            throw new ParameterException(command.commandLine(), "--warmup-rows must be at least 100 (a model needs "
                    + "rows to hold out), not " + warmupRows);
        }
        if (apiPort < 0 || apiPort > 65_535) {
            throw new ParameterException(command.commandLine(), "--api-port must be between 0 and 65535, not "
                    + apiPort);
        }
        Duration limit = Durations.parse(timeout).filter(d -> !d.isZero()).orElseThrow(() -> new ParameterException(
                command.commandLine(), "--timeout must be a positive duration such as 90s or 5m, not '" + timeout
                        + "'"));
        if (trainerJar != null && !Files.isRegularFile(trainerJar)) {
            throw new ParameterException(command.commandLine(), "--trainer-jar " + trainerJar + " is not a file");
        }
        return limit;
    }

    /** The bundled spec, validated like any other. */
    static FlywheelSpec bundledSpec() {
        try (var in = DemoCommand.class.getResourceAsStream(SPEC_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled demo spec " + SPEC_RESOURCE + " is missing from the jar");
            }
            return dev.flywheel.topology.spec.SpecLoader.parse("demo/flywheel.yaml",
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled demo spec", e);
        }
    }

    private Map<String, String> trainingOverrides(DemoRun run) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(TrainingSettings.WORK_DIR, run.workDir().toString());
        overrides.put(TrainingSettings.WATCH_INTERVAL_MS, "500");
        overrides.put(TrainingSettings.TICK_MS, "250");
        if (trainerJar != null) {
            overrides.put(TrainingSettings.TRAINER_JAR, trainerJar.toAbsolutePath().toString());
        }
        return overrides;
    }

    private static DemoScript.Backstage backstage(DemoRun run) {
        return new DemoScript.Backstage() {
            @Override
            public String requestTraining(String model) {
                return run.stages.requestTraining(model, "flywheel demo");
            }

            @Override
            public double monitoredRows() {
                return run.stages.meters().find("flywheel.drift.records").tag("outcome", "counted").counters()
                        .stream().mapToDouble(Counter::count).sum();
            }

            @Override
            public Optional<String> downStage() {
                if (run.closing()) {
                    return Optional.empty();
                }
                return run.stages.health().entrySet().stream()
                        .filter(stage -> stage.getValue().status() == HealthStatus.DOWN).findFirst()
                        .map(stage -> stage.getKey() + " is down: " + stage.getValue().reason());
            }
        };
    }

    private String dashboard(DemoRun run) {
        return "http://" + host + ":" + run.stages.apiPort() + "/";
    }

    private DemoSummary summary(Narrator narrator, DemoRun run, LoopStory story, ModelPromoted champion) {
        DemoProducer.Counts sent = run.producer.counts();
        return new DemoSummary(narrator.elapsedSeconds(), sent.transactions(), sent.labels(), sent.drifted(),
                story.events(), story.alarms().size(), story.requests().size(), story.jobs(TrainingState.SUCCEEDED),
                story.jobs(TrainingState.FAILED), story.datasets().size(), story.versions().size(),
                champion.getVersion(), champion.getValue(), dashboard(run), run.backbone.endpoints().bootstrapServers(),
                run.backbone.endpoints().registryUrl().toString(), keepRunning);
    }

    private void report(PrintWriter out, DemoSummary summary) {
        if (!json) {
            summary.print(out);
            return;
        }
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary as JSON", e);
        }
    }

    private void stopOnSignal(DemoRun run) {
        PrintWriter err = command.commandLine().getErr();
        err.println("Stopping...");
        err.flush();
        run.close();
        err.println("Stopped.");
        err.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down (Ctrl-C): the hook is running or has run, and stops everything itself.
        }
    }

    /**
     * The story on the terminal is told from the backbone's events; the stages' own WARN lines (each drift alarm,
     * each routine retry while topics appear) would tell it a second time, interleaved. Unless the user asked for
     * a level with {@code FLYWHEEL_LOG_LEVEL}, only errors reach the terminal during a demo.
     */
    private static void quietStageLogs() {
        if (System.getenv(LOG_LEVEL_VARIABLE) == null
                && LoggerFactory.getLogger(FLYWHEEL_LOGGERS) instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(Level.ERROR);
        }
    }

    /** Everything one demo run starts, stopped newest first exactly once (by the end of the run or by Ctrl-C). */
    private static final class DemoRun implements AutoCloseable {
        final CountDownLatch stopped = new CountDownLatch(1);
        private final Deque<AutoCloseable> started = new java.util.ArrayDeque<>();
        LocalBackbone backbone;
        LocalStages stages;
        DemoProducer producer;
        private Path workDir;
        private SchemaRegistryClient registry;
        private boolean closed;
        private volatile boolean closing;

        /** Whether the run is stopping (its end, or Ctrl-C). */
        boolean closing() {
            return closing;
        }

        synchronized Path workDir() {
            if (workDir == null) {
                try {
                    workDir = Files.createTempDirectory("flywheel-demo-training");
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create a temporary folder for the training jobs", e);
                }
                Path dir = workDir;
                started.push(() -> deleteTree(dir));
            }
            return workDir;
        }

        /**
         * The backbone, the demo's producer with its schemas registered (so that the feature view is typed and
         * starts at once, not when the first payment arrives), then the stages.
         */
        synchronized void start(FlywheelConfig config, FlywheelSpec spec, String host, int apiPort,
                                Map<String, String> training, long seed) {
            backbone = LocalBackbone.start(config, spec, new LocalBackbone.Layout(host, null, 0, 0, 0, 0));
            started.push(backbone);
            registry = ClientConfigs.schemaRegistryClient(backbone.config());
            started.push(registry);
            FlywheelProducer kafka = FlywheelProducer.create(backbone.config(), registry);
            started.push(kafka);
            TopicCatalogue topics = backbone.catalogue();
            producer = DemoProducer.create(kafka, topics.sourceInput("transactions").name(),
                    topics.sourceInput(LABELS).name(), seed, Clock.systemUTC());
            started.push(producer);
            producer.registerSchemas();
            stages = LocalStages.start(backbone, spec, Path.of("").toAbsolutePath(),
                    new LocalStages.Ports(host, apiPort, 0),
                    new LocalStages.Tuning(Optional.of(OFFLINE_ROLL), training));
            started.push(stages);
            // The traffic stops before the stages it feeds.
            started.push(producer::stop);
        }

        synchronized LoopStory watch(Narrator narrator) {
            LoopStory story = new LoopStory(narrator);
            TopicCatalogue topics = backbone.catalogue();
            Map<String, Object> kafka = new LinkedHashMap<>();
            ClientConfigs.kafka(backbone.config()).forEach((key, value) -> kafka.put((String) key, value));
            started.push(LoopWatcher.start(kafka, List.of(topics.dataAvailable(), topics.drift(), topics.training(),
                    topics.datasets(), topics.models()), story::accept));
            return story;
        }

        @Override
        public void close() {
            closing = true;
            closeAll();
        }

        private synchronized void closeAll() {
            if (closed) {
                return;
            }
            closed = true;
            RuntimeException first = null;
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception e) {
                    RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                    if (first == null) {
                        first = failure;
                    } else {
                        first.addSuppressed(failure);
                    }
                }
            }
            stopped.countDown();
            if (first != null) {
                throw first;
            }
        }

        private static void deleteTree(Path dir) throws IOException {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
