package dev.flywheel.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmark harness. Each benchmark measures a stage next to the raw rate of the same broker, in the
 * same run, and prints per-trial figures and medians: the machine is shared and noisy, so only medians
 * and same-run ratios mean anything.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "End-to-end benchmarks of Flywheel's stages against the raw broker rate.",
        subcommands = {IngestionBenchmark.class, DatasetBenchmark.class, FeatureThroughputBenchmark.class,
            FeatureFreshnessBenchmark.class, FeatureServingBenchmark.class, DriftBenchmark.class, TriggerLatencyBenchmark.class,
            CommandLine.HelpCommand.class})
public final class Bench implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new Bench()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
