package dev.flywheel.cli;

import dev.flywheel.ingestion.dlq.DlqFilter;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.topics.TopicNames;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flywheel dlq}: inspect and re-submit the records a stage rejected. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Inspect and replay the dead-letter records of a source.",
        subcommands = {DlqListCommand.class, DlqReplayCommand.class})
final class DlqCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }

    /** Options every {@code dlq} subcommand shares: which source, which records, where to connect. */
    static final class Selection {

        /** How long to wait for the cluster to answer or make progress. */
        static final Duration TIMEOUT = Duration.ofSeconds(15);

        @Parameters(index = "0", paramLabel = "SOURCE", description = "The source whose dead letters to read.")
        String source;

        @Option(names = "--reason", paramLabel = "CODE", split = ",",
                description = "Only these reason codes, e.g. CONTRACT_RANGE,TRUNCATED (repeatable).")
        List<String> reasons = List.of();

        @Option(names = "--from", paramLabel = "TIME",
                description = "Only records rejected at or after TIME: " + TimeArgument.FORMS + ".")
        String from;

        @Mixin
        SpecOption spec = new SpecOption();

        @Mixin
        SettingsOptions settings = new SettingsOptions();

        DlqFilter filter(Clock clock) {
            return new DlqFilter(Set.copyOf(reasons),
                    Optional.ofNullable(from).map(text -> TimeArgument.parse(text, clock)));
        }

        /** The source's dead-letter topic, checked against the spec when there is one. */
        String dlqTopic(FlywheelConfig config) {
            Optional<FlywheelSpec> pipeline = spec.load();
            if (pipeline.isPresent() && pipeline.get().source(source).isEmpty()) {
                String known = pipeline.get().sources().stream().map(SourceSpec::name).collect(Collectors.joining(", "));
                throw new IllegalArgumentException("No source '" + source + "' in " + spec.path().orElseThrow()
                        + (known.isEmpty() ? ": it declares no sources" : "; its sources are: " + known));
            }
            return new TopicNames(config.topicPrefix()).dlq(source);
        }
    }
}
