package dev.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.features.replay.FeatureViewReplay;
import dev.flywheel.features.replay.ReplayPlan;
import dev.flywheel.features.replay.ReplayResult;
import dev.flywheel.features.replay.ReplayStart;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.Durations;
import dev.flywheel.topology.spec.FlywheelSpec;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flywheel features replay VIEW --from TIME|OFFSETS}: recomputes a view from {@code <source>.valid} into
 * {@code features.<view>} with a one-off run of the view's topology under its own application id, and cleans up
 * after it. Harmless to the online tier, which keeps the newer (event time, created): replayed rows repeat the values.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recompute a feature view from its source topic into features.<view>.",
            "From a TIME, the records its windows need before that time are read first and only rows as of TIME and "
                    + "later are written; from OFFSETS, reading starts exactly there with empty state and every row is "
                    + "written. It stops at the end of the source as it was when it started, then deletes its internal "
                    + "topics, consumer group and local state."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:replayed (or planned, with --dry-run)", "1:failed (the reason on stderr)",
            "2:wrong usage"})
final class FeaturesReplayCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "VIEW", description = "The feature view to recompute.")
    String view;

    @Option(names = "--from", required = true, paramLabel = "TIME|OFFSETS",
            description = "Where to start: " + TimeArgument.FORMS + "; or " + ReplayStart.OFFSET_FORMS + ".")
    String from;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "Give up (and clean up) after this long (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--dry-run", description = "Show the plan (offsets and warm-up); run nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the plan or the result as JSON.")
    boolean json;

    @Mixin
    SpecOption spec = new SpecOption();

    @Mixin
    SettingsOptions settings = new SettingsOptions();

    @Override
    public Integer call() throws Exception {
        ReplayStart start = start(Clock.systemUTC());
        Duration limit = Durations.parse(timeout).filter(d -> !d.isZero()).orElseThrow(() ->
                new CommandLine.ParameterException(command.commandLine(), "--timeout '" + timeout
                        + "' is not a duration (e.g. 30m, 2h)"));
        FlywheelSpec pipeline = FeaturesCommand.requireSpec(spec);
        FlywheelConfig config = settings.load();
        PrintWriter out = command.commandLine().getOut();
        try (FeatureViewReplay replay = FeatureViewReplay.create(pipeline, config, Clock.systemUTC())) {
            ReplayPlan plan = replay.plan(view, start);
            if (dryRun) {
                out.println(json ? toJson(planJson(plan)) : describe(plan));
                out.flush();
                return 0;
            }
            if (!json) {
                out.println(describe(plan));
                out.flush();
            }
            ReplayResult result = replay.run(view, plan, limit);
            if (json) {
                out.println(toJson(resultJson(result)));
            } else {
                printResult(out, result);
            }
            out.flush();
            if (!result.leftBehind().isEmpty()) {
                PrintWriter err = command.commandLine().getErr();
                err.println("flywheel: the replay finished but could not clean up: "
                        + String.join("; ", result.leftBehind()));
                err.flush();
                return Flywheel.EXIT_FAILURE;
            }
        }
        return 0;
    }

    private ReplayStart start(Clock clock) {
        try {
            Optional<ReplayStart.AtOffsets> offsets = ReplayStart.parseOffsets(from);
            if (offsets.isPresent()) {
                return offsets.get();
            }
            return new ReplayStart.AtTime(TimeArgument.parse(from, clock));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command.commandLine(), "--from: " + e.getMessage()
                    + "; or offsets: " + ReplayStart.OFFSET_FORMS);
        }
    }

    private String describe(ReplayPlan plan) {
        StringBuilder text = new StringBuilder();
        text.append(dryRun ? "Would replay " : "Replaying ").append(view).append(": ").append(plan.records())
                .append(" records, partition start..end ").append(ranges(plan)).append('.');
        if (plan.emitFrom().isPresent()) {
            text.append(System.lineSeparator()).append("Rows as of ").append(plan.emitFromInstant().orElseThrow())
                    .append(" and later are written; the records before it are read to rebuild the state (warm-up: ")
                    .append(plan.lookback().map(d -> Durations.format(d) + " by record time")
                            .orElse("the whole retained history, a feature aggregates over all time")).append(").");
        } else {
            text.append(System.lineSeparator()).append("Every row is written; the state starts empty at these offsets, "
                    + "so windows reaching back before them miss those records (replay from a time to warm up).");
        }
        return text.toString();
    }

    private static String ranges(ReplayPlan plan) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(plan.start()).forEach((partition, start) -> text.append(text.isEmpty() ? "" : ", ")
                .append(partition).append(':').append(start).append("..").append(plan.end().get(partition)));
        return text.toString();
    }

    private static void printResult(PrintWriter out, ReplayResult result) {
        out.printf("Replayed %s in %s as %s: %d events read, %d rows written to %s, %d warm-up rows held back, "
                        + "%d records refused again (to the DLQ).%n", result.view(),
                Durations.format(Duration.ofSeconds(Math.max(1, result.elapsed().toSeconds()))),
                result.applicationId(), result.eventsRead(), result.rowsWritten(), result.featuresTopic(),
                result.rowsHeldBack(), result.refused());
        out.printf("Cleaned up: %s.%n", result.deletedTopics().isEmpty() ? "no internal topics"
                : "deleted " + String.join(", ", result.deletedTopics()));
    }

    private static ObjectNode planJson(ReplayPlan plan) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode();
        node.set("start", mapper.valueToTree(new TreeMap<>(plan.start())));
        node.set("end", mapper.valueToTree(new TreeMap<>(plan.end())));
        node.put("records", plan.records());
        node.put("emit_from", plan.emitFromInstant().map(Object::toString).orElse(null));
        node.put("lookback", plan.emitFrom().isEmpty() ? null
                : plan.lookback().map(Durations::format).orElse("all"));
        return node;
    }

    private static ObjectNode resultJson(ReplayResult result) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode();
        node.put("view", result.view());
        node.put("application_id", result.applicationId());
        node.put("source_topic", result.sourceTopic());
        node.put("features_topic", result.featuresTopic());
        node.set("plan", planJson(result.plan()));
        node.put("events_read", result.eventsRead());
        node.put("rows_written", result.rowsWritten());
        node.put("rows_held_back", result.rowsHeldBack());
        node.put("refused", result.refused());
        node.set("committed", mapper.valueToTree(new TreeMap<Integer, Long>(result.committed())));
        node.set("deleted_topics", mapper.valueToTree(result.deletedTopics()));
        node.set("left_behind", mapper.valueToTree(result.leftBehind()));
        node.put("elapsed_ms", result.elapsed().toMillis());
        return node;
    }

    private static String toJson(ObjectNode node) throws Exception {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
    }
}
