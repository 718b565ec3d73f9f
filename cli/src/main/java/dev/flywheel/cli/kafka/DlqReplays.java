package dev.flywheel.cli.kafka;

import dev.flywheel.ingestion.dlq.DlqEntry;
import dev.flywheel.ingestion.dlq.DlqFilter;
import dev.flywheel.ingestion.dlq.DlqReader;
import dev.flywheel.ingestion.dlq.DlqReplayer;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.topics.AvroTopicSerdes;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.topology.topics.TopicCatalogue;
import dev.flywheel.topology.topics.TopicProvisioner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/**
 * One replay of a source's dead letters, shared by {@code flywheel dlq replay} and the dashboard's replay route: the
 * ingestion module's {@link DlqReader} selects the entries and {@link DlqReplayer} re-submits them in transactions
 * that also record each replayed id on {@code flywheel.dlq-replays}, so a record is replayed once however often
 * (and from wherever) the replay is asked for.
 */
public final class DlqReplays {

    /**
     * What a replay did.
     *
     * @param dlqTopic the dead-letter topic read
     * @param matched the entries the filter selected
     * @param report what the replayer did; all zero when nothing matched
     * @param unreadable coordinates of records that could not be decoded, and so were not replayed
     */
    public record Outcome(String dlqTopic, int matched, DlqReplayer.Report report, List<String> unreadable) {
        /** Copies the list. */
        public Outcome {
            unreadable = List.copyOf(unreadable);
        }
    }

    private DlqReplays() {
    }

    /**
     * Replays the matching dead letters of one topic.
     *
     * @param config the settings (where Kafka is)
     * @param registry the schema registry the dead letters' envelopes are read with
     * @param dlqTopic the dead-letter topic
     * @param filter which entries
     * @param again also replay entries an earlier replay re-submitted
     * @param timeout the longest wait for the cluster on any call
     * @return what was done
     * @throws dev.flywheel.ingestion.dlq.DlqException when the cluster fails the replay
     */
    public static Outcome replay(FlywheelConfig config, SchemaRegistryClient registry, String dlqTopic,
                                 DlqFilter filter, boolean again, Duration timeout) {
        Properties kafka = ClientConfigs.kafka(config);
        try (DlqReader reader = DlqReader.create(kafka, registry, timeout)) {
            Topic<String, String> replays = replaysTopic(config, registry);
            DlqReader.Listing listing = reader.list(dlqTopic, filter, Integer.MAX_VALUE);
            List<DlqEntry> selected = listing.entries();
            if (selected.isEmpty()) {
                return new Outcome(dlqTopic, 0, new DlqReplayer.Report(0, 0, 0, Map.of()), listing.unreadable());
            }
            try (Admin admin = Admin.create(kafka)) {
                new TopicProvisioner(admin).provision(List.of(replays));
            }
            // The replayer starts first: taking over the transactional id completes any transaction an earlier
            // replay left, so the bookkeeping read below sees everything it committed.
            try (DlqReplayer replayer = DlqReplayer.create(kafka, dlqTopic, timeout)) {
                DlqReplayer.Report report = replayer.replay(selected, reader.replayedIds(replays.name()),
                        replays.name(), again);
                return new Outcome(dlqTopic, selected.size(), report, listing.unreadable());
            }
        }
    }

    /** The bookkeeping topic of replayed ids ({@code flywheel.dlq-replays}). */
    public static Topic<String, String> replaysTopic(FlywheelConfig config, SchemaRegistryClient registry) {
        return TopicCatalogue.of(new FlywheelSpec("flywheel", List.of(), List.of(), List.of(), List.of(),
                List.of()), config, new AvroTopicSerdes(registry, Map.of())).dlqReplays();
    }
}
