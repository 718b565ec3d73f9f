package dev.flywheel.cli;

import dev.flywheel.ingestion.dlq.DlqEntry;
import dev.flywheel.ingestion.dlq.DlqReader;
import dev.flywheel.ingestion.dlq.DlqReplayer;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
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
        try (SchemaRegistryClient registry = ClientConfigs.schemaRegistryClient(config);
             DlqReader reader = DlqReader.create(ClientConfigs.kafka(config), registry, DlqCommand.Selection.TIMEOUT)) {
            Topic<String, String> replays = TopicCatalogue.of(SpecOption.backboneOnly(), config,
                    new AvroTopicSerdes(registry, Map.of())).dlqReplays();
            DlqReader.Listing listing = reader.list(dlqTopic, selection.filter(Clock.systemUTC()), Integer.MAX_VALUE);
            List<DlqEntry> selected = listing.entries();
            if (dryRun) {
                printPlan(out, dlqTopic, selected, reader.replayedIds(replays.name()));
            } else if (selected.isEmpty()) {
                out.printf("No records in %s match; nothing to replay.%n", dlqTopic);
            } else {
                provision(config, replays);
                // The replayer starts first: taking over the transactional id completes any transaction an
                // earlier replay left, so the bookkeeping read below sees everything it committed.
                try (DlqReplayer replayer = DlqReplayer.create(ClientConfigs.kafka(config), dlqTopic,
                        DlqCommand.Selection.TIMEOUT)) {
                    printReport(out, replayer.replay(selected, reader.replayedIds(replays.name()), replays.name(),
                            again));
                }
            }
            if (!listing.unreadable().isEmpty()) {
                out.printf("%d records could not be decoded and were not replayed: %s%n", listing.unreadable().size(),
                        String.join(", ", listing.unreadable()));
            }
        }
        out.flush();
        return 0;
    }

    private static void provision(FlywheelConfig config, Topic<String, String> replays) {
        try (Admin admin = Admin.create(ClientConfigs.kafka(config))) {
            new TopicProvisioner(admin).provision(List.of(replays));
        }
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
