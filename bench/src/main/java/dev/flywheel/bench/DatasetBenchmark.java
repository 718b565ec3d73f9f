package dev.flywheel.bench;

import dev.flywheel.features.dataset.DatasetBuilder;
import dev.flywheel.features.dataset.DatasetBuilderSettings;
import dev.flywheel.features.dataset.DatasetResult;
import dev.flywheel.features.dataset.DatasetSpec;
import dev.flywheel.features.dataset.EntityInput;
import dev.flywheel.features.dataset.FeatureRef;
import dev.flywheel.features.dataset.ViewInfo;
import dev.flywheel.features.offline.OfflinePaths;
import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.features.offline.OfflineStoreConfig;
import dev.flywheel.features.offline.OfflineTarget;
import dev.flywheel.features.offline.ParquetFooter;
import dev.flywheel.features.offline.ParquetIo;
import dev.flywheel.platform.s3.EmbeddedS3;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Point-in-time dataset build: label rows joined with views of ten double features each, from feature rows in the
 * offline tier on the embedded S3 server. Data generation and upload are outside the clock; the clock covers the
 * whole {@code DatasetBuilder.build} (listing, downloads, external sorts, join, Parquet output, profiles, upload).
 * Reports joined (label) rows per second, the CPU seconds of the building thread and of the whole process (the
 * views are joined on other threads, and the embedded S3 server serving the downloads runs in the same process; the
 * machine is shared: wall-clock rates move with its load, printed alongside), and the peak heap in use. The
 * generated inputs are the same bytes in every run (seeded, and footers made canonical by {@link ParquetFooter}: parquet-mr
 * lists encodings in a per-process order), so runs of the same options build the same dataset id and bytes.
 *
 * <p>{@code ./mvnw -q -pl bench exec:java -Dexec.args="dataset --labels 1000000 --feature-rows 20000000"}
 */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Point-in-time dataset build throughput (joined rows/s) and peak heap.")
final class DatasetBenchmark implements Callable<Integer> {

    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final long SPAN = Duration.ofDays(7).toMillis();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--labels", description = "Label rows (default: ${DEFAULT-VALUE}).")
    int labels = 1_000_000;

    @Option(names = "--feature-rows", description = "Feature rows over all views (default: ${DEFAULT-VALUE}).")
    long featureRows = 20_000_000;

    @Option(names = "--views", description = "Views of ten features each (default: ${DEFAULT-VALUE}).")
    int views = 3;

    @Option(names = "--entities", description = "Distinct entities (default: ${DEFAULT-VALUE}).")
    int entities = 100_000;

    @Option(names = "--rows-in-memory", description = "Rows per sorted run (default: ${DEFAULT-VALUE}).")
    int rowsInMemory = 500_000;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        Path work = Files.createTempDirectory("flywheel-bench-dataset");
        EmbeddedS3 s3 = EmbeddedS3.builder().port(0).build();
        s3.start();
        try (OfflineStore store = OfflineStore.open(OfflineStoreConfig.builder("flywheel").endpoint(URI.create(s3.endpoint()))
                .region(s3.region()).credentials(s3.accessKey(), s3.secretKey()).pathStyle(true)
                .callTimeout(Duration.ofMinutes(5)).build())) {
            Random random = new Random(1);
            Map<String, ViewInfo> infos = new LinkedHashMap<>();
            List<FeatureRef> refs = new ArrayList<>();
            for (int v = 0; v < views; v++) {
                String view = "view_" + v;
                infos.put(view, new ViewInfo(List.of("entity_id"), Duration.ofDays(1).toMillis()));
                for (int f = 0; f < 10; f++) {
                    refs.add(new FeatureRef(view, "v" + v + "_f" + f));
                }
                generateView(store, view, v, featureRows / views, random);
            }
            Path labelFile = generateLabels(work, random);
            out.printf("dataset benchmark: %d labels x %d views x 10 features from %d feature rows (%d entities)%n",
                    labels, views, featureRows, entities);
            out.flush();
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            DatasetBuilder builder = new DatasetBuilder(store, infos, new DatasetBuilderSettings(work, rowsInMemory, 100_000),
                    snapshot -> { }, Clock.systemUTC());
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long processCpuStart = os.getProcessCpuTime();
            long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long start = System.nanoTime();
            DatasetResult result = builder.build(DatasetSpec.of(new EntityInput.ParquetFile(labelFile), "ts", refs));
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1e9;
            double processCpuSeconds = (os.getProcessCpuTime() - processCpuStart) / 1e9;
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            out.printf("built %s: %d rows in %.1f s = %.0f joined rows/s (builder thread CPU %.1f s; process CPU %.1f s,"
                    + " S3 server included, = %.0f rows per CPU-s); peak heap %d MiB (max heap %d MiB); load average %.1f%n",
                    result.datasetId(), result.rowCount(), seconds, result.rowCount() / seconds, cpuSeconds,
                    processCpuSeconds, result.rowCount() / processCpuSeconds, peak >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            // the output's digest: two builds of the same inputs (before and after a change) must agree to the byte
            Path data = work.resolve("built.parquet");
            store.download(result.dataUri().substring(store.uri("").length()), data);
            String digest = sha256(data);
            // a builder without a canonical footer (older versions) writes the encoding lists in a per-process order
            boolean canonical = !ParquetFooter.canonicalize(data);
            out.printf("data.parquet: %d bytes, SHA-256 %s%s%n", Files.size(data), digest,
                    canonical ? "" : " (footer not canonical; canonical footer: SHA-256 " + sha256(data) + ")");
            Files.delete(data);
        } finally {
            s3.stop();
            try (java.util.stream.Stream<Path> paths = Files.walk(work)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return 0;
    }

    private void generateView(OfflineStore store, String view, int index, long rows, Random random) throws Exception {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(view).fields().requiredString("entity_id")
                .name("event_timestamp").type(timestamp()).noDefault().name("created").type(timestamp()).noDefault();
        for (int f = 0; f < 10; f++) {
            fields = fields.optionalDouble("v" + index + "_f" + f);
        }
        Schema schema = fields.endRecord();
        Path file = Files.createTempFile("bench-view", ".parquet");
        long perFile = 1_000_000;
        for (long first = 0; first < rows; first += perFile) {
            try (ParquetWriter<GenericRecord> writer = ParquetIo.writer(file, schema)) {
                for (long i = first; i < Math.min(rows, first + perFile); i++) {
                    GenericRecord row = new GenericData.Record(schema);
                    long t = T0 + (long) (random.nextDouble() * SPAN);
                    row.put(0, "e" + random.nextInt(entities));
                    row.put(1, t);
                    row.put(2, t);
                    for (int f = 0; f < 10; f++) {
                        row.put(3 + f, random.nextGaussian());
                    }
                    writer.write(row);
                }
            }
            ParquetFooter.canonicalize(file); // else the bytes (so the entity tags and the dataset id) vary by process
            store.put(OfflinePaths.objectKey("offline", OfflineTarget.Kind.FEATURES, view, LocalDate.parse("2026-01-01"),
                    "features." + view, 0, first), file, "application/vnd.apache.parquet");
        }
        Files.delete(file);
    }

    private Path generateLabels(Path work, Random random) throws Exception {
        Schema schema = SchemaBuilder.record("labels").fields().requiredString("entity_id").name("ts").type(timestamp())
                .noDefault().requiredBoolean("label").endRecord();
        Path file = work.resolve("labels.parquet");
        try (ParquetWriter<GenericRecord> writer = ParquetIo.writer(file, schema)) {
            for (int i = 0; i < labels; i++) {
                GenericRecord row = new GenericData.Record(schema);
                row.put(0, "e" + random.nextInt(entities));
                row.put(1, T0 + (long) (random.nextDouble() * SPAN));
                row.put(2, random.nextBoolean());
                writer.write(row);
            }
        }
        ParquetFooter.canonicalize(file); // else the bytes (so the file's SHA-256 and the dataset id) vary by process
        return file;
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static Schema timestamp() {
        return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    }
}
