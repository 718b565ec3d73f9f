package dev.flywheel.cli;

import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code flywheel run STAGE}: runs one stage against the infrastructure the settings point at, as production runs
 * it (one Deployment per stage; instances share work by partition). Checks the endpoints the stage needs first and
 * fails in one line when one is not reachable; provisions the spec's topics (idempotent) unless told not to; serves
 * {@code /health} and {@code /metrics} (and the stage's own routes) on the API port; Ctrl-C stops it.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one stage against external infrastructure, as production does: "
                + "ingestion, features, offline, drift, registry, trigger or dashboard.",
            "Serves /health and /metrics on --api-port; Ctrl-C stops it."})
final class RunCommand implements Callable<Integer> {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "STAGE", description = "One of: ${COMPLETION-CANDIDATES}.",
            converter = StageConverter.class, completionCandidates = StageCandidates.class)
    StageName stage;

    @Mixin
    SpecOption spec = new SpecOption();

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address the API and Feast serving bind "
            + "(default: ${DEFAULT-VALUE}).")
    String host = "0.0.0.0";

    @Option(names = "--api-port", paramLabel = "PORT", description = "HTTP port of /health, /metrics and the stage's "
            + "routes (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int apiPort = 8080;

    @Option(names = "--feast-port", paramLabel = "PORT", description = "Feast gRPC serving port of the features "
            + "stage (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int feastPort = 6566;

    @Option(names = "--skip-provisioning", description = "Do not create the spec's topics (when the cluster's "
            + "topics are managed elsewhere); the stage fails if one it needs is missing.")
    boolean skipProvisioning;

    @Mixin
    SettingsOptions settings = new SettingsOptions();

    @Override
    public Integer call() throws InterruptedException {
        for (int port : new int[] {apiPort, feastPort}) {
            if (port < 0 || port > 65_535) {
                throw new ParameterException(command.commandLine(), "ports must be between 0 and 65535, not " + port);
            }
        }
        FlywheelConfig config = settings.load();
        FlywheelSpec pipeline = spec.load().orElseGet(SpecOption::backboneOnly);
        requireReachable(new EndpointChecks(config, CHECK_TIMEOUT));
        SchemaRegistryClient registry = RegistryClients.bounded(config);
        LocalStages stages;
        try {
            TopicCatalogue catalogue = TopicCatalogue.of(pipeline, config, new AvroTopicSerdes(registry, Map.of()));
            if (!skipProvisioning) {
                try (Admin admin = KafkaClients.admin(config, KafkaClients.TIMEOUT)) {
                    new TopicProvisioner(admin).provision(catalogue.all());
                }
            }
            stages = LocalStages.start(config, catalogue, pipeline, spec.dir(),
                    new LocalStages.Ports(host, apiPort, feastPort), EnumSet.of(stage));
        } catch (RuntimeException | Error e) {
            registry.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> stop(stages, registry, stopped), "flywheel-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        printBanner(stages);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // Stopped from inside the JVM (an embedding caller or a test): stop as Ctrl-C would.
            Runtime.getRuntime().removeShutdownHook(hook);
            stop(stages, registry, stopped);
        }
        return 0;
    }

    /** The endpoints the stage needs, checked before anything starts. */
    private void requireReachable(EndpointChecks checks) {
        List<Supplier<Check>> needed = new ArrayList<>(List.of(checks::kafka, checks::registry));
        if (stage == StageName.FEATURES) {
            needed.add(checks::redis);
        }
        if (stage == StageName.OFFLINE || stage == StageName.TRIGGER) {
            needed.add(checks::s3);
        }
        for (Supplier<Check> check : needed) {
            Check result = check.get();
            if (!result.ok()) {
                throw new IllegalStateException("Cannot run " + stage.cliName() + ": " + result.problem());
            }
        }
    }

    private void printBanner(LocalStages stages) {
        PrintWriter out = command.commandLine().getOut();
        String base = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + stages.apiPort();
        out.printf("Flywheel stage %s is running (%s).%n", stage.cliName(), stage.description());
        out.printf("  health   %s/health%n", base);
        out.printf("  metrics  %s/metrics%n", base);
        if (stages.feastPort() >= 0) {
            out.printf("  feast    %s:%d (gRPC)%n", "0.0.0.0".equals(host) ? "localhost" : host, stages.feastPort());
        }
        if (stage == StageName.DASHBOARD) {
            out.printf("  dashboard %s/%n", base);
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private void stop(LocalStages stages, SchemaRegistryClient registry, CountDownLatch stopped) {
        PrintWriter err = command.commandLine().getErr();
        try (registry) {
            stages.close();
            err.println("Stopped " + stage.cliName() + ".");
        } catch (RuntimeException e) {
            err.println("flywheel: " + stage.cliName() + " did not stop cleanly: " + Flywheel.describe(e));
        } finally {
            err.flush();
            stopped.countDown();
        }
    }

    /** Stage names as typed: lower case. */
    static final class StageConverter implements picocli.CommandLine.ITypeConverter<StageName> {
        @Override
        public StageName convert(String value) {
            for (StageName name : StageName.values()) {
                if (name.cliName().equals(value)) {
                    return name;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("unknown stage '" + value + "'; the stages are: "
                    + String.join(", ", new StageCandidates()));
        }
    }

    /** The stage names for help and completion. */
    static final class StageCandidates extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        StageCandidates() {
            for (StageName name : StageName.values()) {
                add(name.cliName());
            }
        }
    }
}
