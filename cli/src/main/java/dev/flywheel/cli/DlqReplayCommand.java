package dev.flywheel.cli;

import dev.flywheel.cli.kafka.DlqReplays;
import dev.flywheel.ingestion.dlq.DlqEntry;
import dev.flywheel.ingestion.dlq.DlqReplayer;
import dev.flywheel.ingestion.dlq.DlqReader;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flywheel dlq replay SOURCE}: re-submits rejected records to the topic they came from, after the
 * cause was fixed (a schema registered, a contract relaxed, a producer corrected). Each record is
 * replayed once; {@code --again} replays records an earlier replay already re-submitted.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-submit dead-letter records of a source to the topic they were read from, "
                + "with their original key, value, headers and timestamp.",
            "A record is replayed once: running the same replay again re-submits only what is new."})
final class DlqReplayCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Mixin
    DlqCommand.Selection selection = new DlqCommand.Selection();

    @Option(names = "--dry-run", description = "Show what would be replayed; change nothing.")
    boolean dryRun;

    @Option(names = "--again", description = "Also replay records that an earlier replay already re-submitted.")
    boolean again;

    @Override
    public Integer call() throws Exception {
        FlywheelConfig config = selection.settings.load();
        String dlqTopic = selection.dlqTopic(config);
        PrintWriter out = command.commandLine().getOut();
        try (SchemaRegistryClient registry = ClientConfigs.schemaRegistryClient(config)) {
            List<String> unreadable;
            if (dryRun) {
                try (DlqReader reader = DlqReader.create(ClientConfigs.kafka(config), registry,
                        DlqCommand.Selection.TIMEOUT)) {
                    DlqReader.Listing listing = reader.list(dlqTopic, selection.filter(Clock.systemUTC()),
                            Integer.MAX_VALUE);
                    printPlan(out, dlqTopic, listing.entries(), reader.replayedIds(DlqReplays.replaysTopic(config,
                            registry).name()));
                    unreadable = listing.unreadable();
                }
            } else {
                DlqReplays.Outcome outcome = DlqReplays.replay(config, registry, dlqTopic,
                        selection.filter(Clock.systemUTC()), again, DlqCommand.Selection.TIMEOUT);
                if (outcome.matched() == 0) {
                    out.printf("No records in %s match; nothing to replay.%n", dlqTopic);
                } else {
                    printReport(out, outcome.report());
                }
                unreadable = outcome.unreadable();
            }
            if (!unreadable.isEmpty()) {
                out.printf("%d records could not be decoded and were not replayed: %s%n", unreadable.size(),
                        String.join(", ", unreadable));
            }
        }
        out.flush();
        return 0;
    }

    private void printPlan(PrintWriter out, String dlqTopic, List<DlqEntry> selected, Set<String> replayed) {
        long fresh = selected.stream().filter(e -> !replayed.contains(e.rejected().getEventId())).count();
        long count = again ? selected.size() : fresh;
        out.printf("Would replay %d of %d matching records from %s (%d were replayed before%s).%n", count,
                selected.size(), dlqTopic, selected.size() - fresh, again ? ", replayed again with --again" : "");
        selected.stream()
                .filter(e -> again || !replayed.contains(e.rejected().getEventId()))
                .forEach(e -> out.printf("  %s -> %s  %s%n", e.coordinates(), e.rejected().getSourceTopic(),
                        e.rejected().getReasonCode()));
    }

    private static void printReport(PrintWriter out, DlqReplayer.Report report) {
        out.printf("Replayed %d records", report.replayed());
        if (!report.byTopic().isEmpty()) {
            out.print(" to " + report.byTopic());
        }
        out.println(".");
        if (report.alreadyReplayed() > 0) {
            out.printf("%d matching records had been replayed before and were skipped (--again replays them).%n",
                    report.alreadyReplayed());
        }
    }
}
