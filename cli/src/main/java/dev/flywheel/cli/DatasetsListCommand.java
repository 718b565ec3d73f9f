package dev.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.features.dataset.DatasetCatalog;
import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.features.offline.OfflineStoreConfig;
import dev.flywheel.topology.config.FlywheelConfig;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flywheel datasets list}: the datasets in the offline tier, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the datasets in the offline tier: id, rows, time range, created; newest first.")
final class DatasetsListCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--json", description = "Print the datasets as a JSON array.")
    boolean json;

    @Mixin
    SettingsOptions settings = new SettingsOptions();

    @Override
    public Integer call() throws Exception {
        FlywheelConfig config = settings.load();
        OfflineStoreConfig s3 = OfflineStoreConfig.from(config);
        List<DatasetCatalog.Entry> entries;
        try (OfflineStore store = OfflineStore.open(s3)) {
            entries = DatasetCatalog.list(store);
        }
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode array = mapper.createArrayNode();
            for (DatasetCatalog.Entry e : entries) {
                ObjectNode node = array.addObject()
                        .put("dataset_id", e.id())
                        .put("rows", e.rows())
                        .put("start_time", text(e.start()))
                        .put("end_time", text(e.end()))
                        .put("created", e.created().toString())
                        .put("label", e.label().orElse(null))
                        .put("manifest_uri", e.manifestUri());
                e.features().forEach(f -> node.withArray("features").add(f));
            }
            out.println(mapper.writeValueAsString(array));
        } else if (entries.isEmpty()) {
            out.printf("No datasets in %s.%n", s3.uri(s3.datasetsPrefix() + "/"));
        } else {
            out.printf("%-32s %10s  %-24s  %-24s  %-24s  %s%n", "DATASET", "ROWS", "FROM", "TO", "CREATED", "FEATURES");
            for (DatasetCatalog.Entry e : entries) {
                out.printf("%-32s %10d  %-24s  %-24s  %-24s  %d%n", e.id(), e.rows(), orDash(e.start()), orDash(e.end()),
                        e.created(), e.features().size());
            }
            out.printf("%n%d datasets in %s.%n", entries.size(), s3.uri(s3.datasetsPrefix() + "/"));
        }
        out.flush();
        return 0;
    }

    private static String text(Optional<Instant> time) {
        return time.map(Instant::toString).orElse(null);
    }

    private static String orDash(Optional<Instant> time) {
        return time.map(Instant::toString).orElse("-");
    }
}
