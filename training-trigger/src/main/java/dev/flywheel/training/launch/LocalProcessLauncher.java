package dev.flywheel.training.launch;

import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.topology.spec.ModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: runs the reference trainer as a child process of the trigger. Its output (stdout and stderr)
 * is kept in {@code <work>/<job name>/trainer.log}. A job that is already running in this JVM is attached to; one
 * whose {@code metrics.json} already exists (a run finished before a restart) is reported SUCCEEDED without running
 * again. It ignores what only the Kubernetes backends use (image, GPU and scheduling keys, secrets by reference,
 * which cannot be resolved without Kubernetes) and a model's {@code tuning}: a local run trains once, with the trainer's
 * default parameters. {@link #ignoredBy(ModelSpec)} says what, for the trigger to warn once per model at start.
 */
public final class LocalProcessLauncher implements Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessLauncher.class);
    private static final long GRACE_SECONDS = 10;

    private final List<String> command;
    private final Path workDirectory;
    private final Map<String, String> environment;
    private final Clock clock;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    /** A child process and when it started. */
    private record Run(Process process, Instant startedAt, Path log) {
    }


    /**
     * Creates the launcher.
     *
     * @param command the trainer command, e.g. {@code [java, -jar, trainer/target/flywheel-trainer.jar]}
     * @param workDirectory where each job's log folder goes
     * @param environment variables every run gets (S3 endpoint and credentials for the trainer)
     * @param clock for start times
     */
    public LocalProcessLauncher(List<String> command, Path workDirectory, Map<String, String> environment, Clock clock) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the trainer command is empty");
        }
        this.command = List.copyOf(command);
        this.workDirectory = workDirectory;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
    }

    @Override
    public String backend() {
        return "local";
    }

    /**
     * What the local backend ignores of a model's spec, in one sentence, so that a spec can switch its backend between
     * local development and production unchanged and still say what does not apply here.
     *
     * @param model a model whose backend is {@code local}
     * @return the sentence; empty when the model sets nothing that is ignored
     */
    public static Optional<String> ignoredBy(ModelSpec model) {
        List<String> keys = model.trainer().kubernetesOnlyKeys();
        List<String> parts = new ArrayList<>();
        if (!keys.isEmpty()) {
            parts.add("trainer " + (keys.size() == 1 ? "key " : "keys ") + String.join(", ", keys)
                    + " (they apply to the Kubernetes backends only)");
        }
        model.tuning().ifPresent(tuning -> parts.add("its tuning (" + tuning.maxTrials() + " trials of "
                + tuning.algorithm().yamlName() + " run as a Katib Experiment on Kubernetes only): it trains once, "
                + "with the trainer's default parameters"));
        return parts.isEmpty() ? Optional.empty() : Optional.of("model " + model.name() + " trains with the local "
                + "backend, which ignores " + String.join("; and ", parts));
    }

    @Override
    public synchronized JobObservation launch(LaunchRequest request) {
        Run running = runs.get(request.jobName());
        if (running != null) {
            return observe(request);
        }
        if (finished(request)) {
            LOG.info("Job {} already wrote {}: not run again", request.jobName(), metricsFile(request).orElseThrow());
            return succeeded(request, Optional.empty(), Optional.empty());
        }
        try {
            Path folder = Files.createDirectories(workDirectory.resolve(request.jobName()));
            Path log = folder.resolve("trainer.log");
            ProcessBuilder builder = new ProcessBuilder(arguments(request)).directory(folder.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            builder.environment().putAll(request.model().trainer().env());
            builder.environment().putAll(request.trainerEnv());
            Process process = builder.start();
            runs.put(request.jobName(), new Run(process, clock.instant(), log));
            LOG.info("Job {} started as process {} (log {})", request.jobName(), process.pid(), log);
            return new JobObservation(TrainingState.RUNNING, Optional.empty(), Optional.of(clock.instant()),
                    Optional.empty(), Optional.empty(), Map.of());
        } catch (IOException e) {
            throw new LaunchException("cannot start the trainer " + command + ": " + e.getMessage(), e);
        }
    }

    List<String> arguments(LaunchRequest request) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--dataset", request.datasetUri(), "--output", request.outputUri(), "--label", request.label()));
        if (!request.features().isEmpty()) {
            args.addAll(List.of("--features", String.join(",", request.features())));
        }
        request.parameters().forEach((name, value) -> args.addAll(List.of("--param", name + "=" + value)));
        args.addAll(request.model().trainer().args());
        return args;
    }

    @Override
    public JobObservation observe(LaunchRequest request) {
        Run run = runs.get(request.jobName());
        if (run == null) {
            return finished(request) ? succeeded(request, Optional.empty(), Optional.empty())
                    : JobObservation.failed("no local process for job " + request.jobName()
                    + " (the trigger restarted while it ran)");
        }
        if (run.process().isAlive()) {
            return new JobObservation(TrainingState.RUNNING, Optional.empty(), Optional.of(run.startedAt()),
                    Optional.empty(), Optional.empty(), Map.of());
        }
        int code = run.process().exitValue();
        Instant end = clock.instant();
        if (code == 0) {
            return succeeded(request, Optional.of(run.startedAt()), Optional.of(end));
        }
        return new JobObservation(TrainingState.FAILED, Optional.of("trainer exited with code " + code
                + (code == Manifests.BAD_INPUT_EXIT_CODE ? " (bad input)" : "") + ": " + lastLine(run.log())),
                Optional.of(run.startedAt()), Optional.of(end), Optional.empty(), Map.of());
    }

    /** Runs the callback when the job's process exits (at once when it has). */
    @Override
    public void onEnd(LaunchRequest request, Runnable callback) {
        Run run = runs.get(request.jobName());
        if (run != null) {
            run.process().onExit().thenRun(callback);
        }
    }

    @Override
    public void cancel(LaunchRequest request) {
        Run run = runs.remove(request.jobName());
        if (run == null || !run.process().isAlive()) {
            return;
        }
        run.process().destroy();
        try {
            if (!run.process().waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Job {}: process {} ignored the stop request, killing it", request.jobName(), run.process().pid());
                run.process().destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.process().destroyForcibly();
        }
    }

    /** The log of a job run here, if any. */
    public Optional<Path> log(String jobName) {
        return Optional.ofNullable(runs.get(jobName)).map(Run::log);
    }

    private JobObservation succeeded(LaunchRequest request, Optional<Instant> started, Optional<Instant> finished) {
        return new JobObservation(TrainingState.SUCCEEDED, Optional.empty(), started, finished,
                Optional.of(request.outputUri()), Map.of());
    }

    private boolean finished(LaunchRequest request) {
        return metricsFile(request).map(Files::isRegularFile).orElse(false);
    }

    private static Optional<Path> metricsFile(LaunchRequest request) {
        URI output = URI.create(request.outputUri());
        if (!"file".equals(output.getScheme())) {
            return Optional.empty();
        }
        return Optional.of(Path.of(output).resolve("metrics.json"));
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("flywheel-trainer:")) {
                    return lines.get(i);
                }
            }
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trainer log " + log, e);
        }
    }

    /** Stops every process still running. */
    @Override
    public void close() {
        runs.keySet().forEach(name -> {
            Run run = runs.remove(name);
            if (run != null && run.process().isAlive()) {
                LOG.warn("Job {}: stopping process {} as the trigger closes", name, run.process().pid());
                run.process().destroyForcibly();
            }
        });
    }
}
