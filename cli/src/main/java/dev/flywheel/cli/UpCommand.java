package dev.flywheel.cli;

import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flywheel up}: starts the embedded infrastructure (each service the configuration does not point
 * elsewhere), provisions the topics, prints the endpoints and stays up until Ctrl-C, which stops
 * everything it started.
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the embedded Kafka, schema registry, Redis and S3, provision the topics of the "
                + "spec, print the endpoints, and run until Ctrl-C.",
            "",
            "A service whose endpoint is configured (FLYWHEEL_* environment variables or --set) is used "
                + "instead of starting an embedded one."})
final class UpCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(UpCommand.class);

    /** Where the embedded services keep their data between runs, relative to the working directory. */
    static final Path DEFAULT_DATA_DIR = Path.of(".flywheel", "data");

    @Spec
    CommandSpec command;

    @Mixin
    SpecOption spec = new SpecOption();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the embedded services keep their data between runs (default: ${DEFAULT-VALUE}).")
    Path dataDir = DEFAULT_DATA_DIR;

    @Option(names = "--fresh",
            description = "Start empty, in temporary directories deleted on stop; --data-dir is left untouched.")
    boolean fresh;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address the embedded services bind and advertise (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka port (default: ${DEFAULT-VALUE}; "
            + "0 = any free port).")
    int kafkaPort = 9092;

    @Option(names = "--registry-port", paramLabel = "PORT", description = "Schema registry port "
            + "(default: ${DEFAULT-VALUE}; 0 = any free port).")
    int registryPort = 8081;

    @Option(names = "--redis-port", paramLabel = "PORT", description = "Redis port (default: ${DEFAULT-VALUE}; "
            + "0 = any free port).")
    int redisPort = 6379;

    @Option(names = "--s3-port", paramLabel = "PORT", description = "S3 port (default: ${DEFAULT-VALUE}; "
            + "0 = any free port).")
    int s3Port = 9000;

    @Option(names = "--api-port", paramLabel = "PORT", description = "HTTP API port: ingest, health "
            + "(default: ${DEFAULT-VALUE}; 0 = any free port).")
    int apiPort = 8080;

    @Option(names = "--feast-port", paramLabel = "PORT", description = "Feast gRPC feature serving port "
            + "(default: ${DEFAULT-VALUE}; 0 = any free port).")
    int feastPort = 6566;

    @Mixin
    SettingsOptions settings = new SettingsOptions();

    @Override
    public Integer call() throws InterruptedException {
        validatePorts();
        // Everything that can be wrong with the input fails here, before anything starts.
        FlywheelConfig config = settings.load();
        FlywheelSpec pipeline = spec.load().orElseGet(SpecOption::backboneOnly);
        Path dataRoot = fresh ? null : dataDir.toAbsolutePath().normalize();

        long begin = System.nanoTime();
        LocalBackbone backbone = LocalBackbone.start(config, pipeline,
                new LocalBackbone.Layout(host, dataRoot, kafkaPort, registryPort, redisPort, s3Port));
        LocalStages stages;
        try {
            stages = LocalStages.start(backbone, pipeline, spec.dir(), new LocalStages.Ports(host, apiPort, feastPort));
        } catch (RuntimeException | Error e) {
            // An Error too: the services run on non-daemon threads and would keep the JVM up forever.
            try {
                backbone.close();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> stop(stages, backbone, stopped), "flywheel-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        PrintWriter out = command.commandLine().getOut();
        long startMillis = (System.nanoTime() - begin) / 1_000_000;
        new UpBanner(backbone, stages, spec.path().orElse(null), dataRoot, startMillis).print(out);
        out.flush();
        // Ctrl-C runs the hook, which stops the services; until then there is nothing else to do here.
        stopped.await();
        return 0;
    }

    private void validatePorts() {
        Map<String, Integer> ports = Map.of("--kafka-port", kafkaPort, "--registry-port", registryPort,
                "--redis-port", redisPort, "--s3-port", s3Port, "--api-port", apiPort, "--feast-port", feastPort);
        ports.forEach((option, port) -> {
            if (port < 0 || port > 65_535) {
                throw new ParameterException(command.commandLine(),
                        option + " must be between 0 and 65535, not " + port);
            }
        });
        if (fresh && command.commandLine().getParseResult().hasMatchedOption("--data-dir")) {
            throw new ParameterException(command.commandLine(),
                    "--fresh and --data-dir exclude each other: --fresh uses temporary directories");
        }
    }

    private void stop(LocalStages stages, LocalBackbone backbone, CountDownLatch stopped) {
        PrintWriter err = command.commandLine().getErr();
        err.println("Stopping...");
        err.flush();
        try {
            // The stages first, then the services under them, even when the stages fail to stop.
            try (backbone) {
                stages.close();
            }
            err.println("Stopped.");
        } catch (RuntimeException e) {
            err.println("flywheel: not every service stopped cleanly: " + Flywheel.describe(e));
            log.debug("Stop failure", e);
        } finally {
            err.flush();
            stopped.countDown();
        }
    }
}
