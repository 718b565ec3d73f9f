package dev.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.ingestion.dlq.DlqEntry;
import dev.flywheel.ingestion.dlq.DlqReader;
import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flywheel dlq list SOURCE}: what was rejected, when and why. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the dead-letter records of a source, oldest first per partition.")
final class DlqListCommand implements Callable<Integer> {

    private static final int MESSAGE_WIDTH = 80;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Mixin
    DlqCommand.Selection selection = new DlqCommand.Selection();

    @Option(names = "--limit", paramLabel = "N", description = "Show at most N records (default: ${DEFAULT-VALUE}).")
    int limit = 50;

    @Option(names = "--json", description = "Print the records as a JSON array, with keys and values in base64.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        FlywheelConfig config = selection.settings.load();
        String topic = selection.dlqTopic(config);
        DlqReader.Listing listing;
        try (SchemaRegistryClient registry = ClientConfigs.schemaRegistryClient(config);
             DlqReader reader = DlqReader.create(ClientConfigs.kafka(config), registry, DlqCommand.Selection.TIMEOUT)) {
            listing = reader.list(topic, selection.filter(Clock.systemUTC()), Math.max(0, limit));
        }
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.println(toJson(listing));
        } else {
            printTable(out, topic, listing);
        }
        out.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, String topic, DlqReader.Listing listing) {
        if (listing.entries().isEmpty()) {
            out.printf("No records in %s match (%d read).%n", topic, listing.scanned());
        } else {
            out.printf("%-12s %-24s %-20s %-14s %-28s %s%n", "DLQ P/OFFSET", "REJECTED AT", "REASON", "FIELD",
                    "FROM TOPIC/P/OFFSET", "MESSAGE");
            for (DlqEntry entry : listing.entries()) {
                RejectedRecord r = entry.rejected();
                out.printf("%-12s %-24s %-20s %-14s %-28s %s%n", entry.partition() + "/" + entry.offset(),
                        r.getOccurredAt(), r.getReasonCode(), r.getField() == null ? "-" : r.getField(),
                        r.getSourceTopic() + "/" + r.getPartition() + "/" + r.getOffset(), shorten(r.getMessage()));
            }
            out.printf("%n%d of %d matching records shown (%d read from %s).%n", listing.entries().size(),
                    listing.matched(), listing.scanned(), topic);
        }
        if (!listing.unreadable().isEmpty()) {
            out.printf("%d records could not be decoded and were skipped: %s%n", listing.unreadable().size(),
                    String.join(", ", listing.unreadable()));
        }
    }

    private static String shorten(String message) {
        String oneLine = message.replace('\n', ' ');
        return oneLine.length() <= MESSAGE_WIDTH ? oneLine : oneLine.substring(0, MESSAGE_WIDTH - 3) + "...";
    }

    private static String toJson(DlqReader.Listing listing) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (DlqEntry entry : listing.entries()) {
            RejectedRecord r = entry.rejected();
            ObjectNode node = array.addObject()
                    .put("dlq_topic", entry.topic())
                    .put("dlq_partition", entry.partition())
                    .put("dlq_offset", entry.offset())
                    .put("event_id", r.getEventId())
                    .put("rejected_at", r.getOccurredAt().toString())
                    .put("reason_code", r.getReasonCode())
                    .put("message", r.getMessage())
                    .put("field", r.getField())
                    .put("stage", r.getStage())
                    .put("source_topic", r.getSourceTopic())
                    .put("source_partition", r.getPartition())
                    .put("source_offset", r.getOffset())
                    .put("timestamp", r.getTimestamp() == null ? null : r.getTimestamp().toString())
                    .put("key_base64", base64(r.getKey()))
                    .put("value_base64", base64(r.getValue()));
            if (r.getSchemaId() != null) {
                node.put("schema_id", r.getSchemaId());
            }
        }
        return mapper.writeValueAsString(array);
    }

    private static String base64(ByteBuffer buffer) {
        return buffer == null ? null : Base64.getEncoder().encodeToString(Utils.toArray(buffer));
    }
}
