package dev.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.training.TrainingSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flywheel doctor}: checks every configured endpoint at once, each with a short timeout, and prints one line
 * per check, OK or FAIL, with what is wrong and how to fix it. Exit 1 when any check fails.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check every configured endpoint (Kafka, schema registry, Redis, S3, the API and Feast "
                + "serving when given, Kubernetes when a model trains there, the trainer jar, Java) and say how to "
                + "fix what fails."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check passed", "1:a check failed", "2:wrong usage"})
final class DoctorCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--api", paramLabel = "URL", description = "Also check a running Flywheel API's /health.")
    URI api;

    @Option(names = "--feast", paramLabel = "HOST:PORT", description = "Also check Feast gRPC feature serving.")
    String feast;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Per check (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 3;

    @Option(names = "--json", description = "Print the checks as JSON.")
    boolean json;

    @Mixin
    SpecOption spec = new SpecOption();

    @Mixin
    SettingsOptions settings = new SettingsOptions();

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 1 || timeoutSeconds > 60) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(),
                    "--timeout must be between 1 and 60 seconds, not " + timeoutSeconds);
        }
        FlywheelConfig config = settings.load();
        Optional<FlywheelSpec> pipeline = spec.load();
        List<Check> checks = run(plan(new EndpointChecks(config, Duration.ofSeconds(timeoutSeconds)), pipeline));
        PrintWriter out = command.commandLine().getOut();
        out.println(json ? json(checks) : text(checks));
        out.flush();
        return checks.stream().allMatch(Check::ok) ? 0 : Flywheel.EXIT_FAILURE;
    }

    private List<Supplier<Check>> plan(EndpointChecks checks, Optional<FlywheelSpec> pipeline) {
        List<Supplier<Check>> plan = new ArrayList<>(List.of(checks::java, checks::kafka, checks::registry,
                checks::redis, checks::s3));
        if (api != null) {
            plan.add(() -> checks.api(api));
        }
        if (feast != null) {
            plan.add(() -> checks.feast(feast));
        }
        List<ModelSpec> models = pipeline.map(FlywheelSpec::models).orElse(List.of());
        if (models.stream().anyMatch(m -> m.trainer().backend().onKubernetes())) {
            plan.add(checks::kubernetes);
        }
        if (models.isEmpty() || models.stream().anyMatch(m -> !m.trainer().backend().onKubernetes())) {
            plan.add(() -> checks.trainer(TrainingSettings.load(System.getenv(), Map.of())));
        }
        return plan;
    }

    /** Runs the checks side by side, so the whole takes about one timeout; results keep the plan's order. */
    private static List<Check> run(List<Supplier<Check>> plan) {
        ExecutorService pool = Executors.newFixedThreadPool(plan.size(), runnable -> {
            Thread thread = new Thread(runnable, "doctor-check");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Check>> running = plan.stream()
                    .map(check -> CompletableFuture.supplyAsync(check, pool)).toList();
            return running.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private static String text(List<Check> checks) {
        StringBuilder text = new StringBuilder();
        for (Check check : checks) {
            text.append(String.format("%-4s  %-10s  %-40s  %s%n", check.ok() ? "OK" : "FAIL", check.name(),
                    check.target(), check.ok() ? check.detail() : check.problem()));
        }
        long failed = checks.stream().filter(c -> !c.ok()).count();
        text.append(failed == 0 ? "Every check passed." : failed + " of " + checks.size() + " checks failed.");
        return text.toString();
    }

    private static String json(List<Check> checks) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        checks.forEach(check -> array.addObject().put("check", check.name()).put("target", check.target())
                .put("status", check.ok() ? "OK" : "FAIL").put("detail", check.detail())
                .put("fix", check.fix().isEmpty() ? null : check.fix()));
        return mapper.writeValueAsString(mapper.createObjectNode().put("ok", checks.stream().allMatch(Check::ok))
                .set("checks", array));
    }
}
