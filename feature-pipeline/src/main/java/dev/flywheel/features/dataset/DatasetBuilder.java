package dev.flywheel.features.dataset;

import dev.flywheel.features.offline.OfflinePaths;
import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.features.offline.OfflineTarget;
import dev.flywheel.features.offline.StoredObject;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.FeatureProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds point-in-time-correct training datasets from the offline tier (the API behind
 * {@code flywheel datasets build}, and the one the training trigger calls).
 *
 * <p>A build reads the entity rows (a labels source of the offline tier, a Parquet or a CSV file), joins each view's
 * features as of each row's timestamp (Feast's semantics) column by column through a {@link ViewJoiner} per view (views
 * in parallel), so memory stays bounded by {@link DatasetBuilderSettings#maxRowsInMemory()} entity rows per view
 * whatever the number of feature rows, writes
 * {@code datasets/<id>/data.parquet} (entity-row columns, then one column per feature, rows in input order), a
 * reference profile per feature, and {@code datasets/<id>/manifest.json}, and publishes a {@code DatasetSnapshot}.
 *
 * <p>The id is the SHA-256 of the spec's canonical text, each view's ttl and entity columns, and the identity of every
 * input file (S3 entity tag, or the SHA-256 of a local file): the same spec over the same inputs gives the same id,
 * and the same data bytes, since every order is deterministic and Parquet writes deterministically.
 */
public final class DatasetBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetBuilder.class);
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private final OfflineStore store;
    private final Map<String, ViewInfo> views;
    private final DatasetBuilderSettings settings;
    private final SnapshotPublisher publisher;
    private final Clock clock;

    /**
     * A builder.
     *
     * @param store the S3 boundary (offline tier and datasets)
     * @param views the views that can be referenced, by name ({@link ViewInfo#of})
     * @param settings work folder and memory bound
     * @param publisher where snapshots go ({@link SnapshotPublisher#kafka})
     * @param clock for {@code occurred_at}
     */
    public DatasetBuilder(OfflineStore store, Map<String, ViewInfo> views, DatasetBuilderSettings settings,
                          SnapshotPublisher publisher, Clock clock) {
        this.store = store;
        this.views = Map.copyOf(views);
        this.settings = settings;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Builds, stores and announces a dataset.
     *
     * @throws IllegalArgumentException for a spec that cannot be built (unknown view, missing columns)
     * @throws dev.flywheel.features.offline.OfflineStoreException when S3 fails past its retries
     */
    public DatasetResult build(DatasetSpec spec) {
        Map<String, List<Integer>> byView = featuresByView(spec);
        Path work = workFolder();
        Map<String, ViewJoiner> joiners = new LinkedHashMap<>();
        try {
            EntityRows entities = entities(spec, work);
            checkColumns(spec, entities.schema(), byView.keySet());
            int partitions = ViewJoiner.partitionsFor(entities.count(), settings.maxRowsInMemory());
            Map<List<String>, KeyDictionary> dictionaries = new LinkedHashMap<>();
            for (String view : byView.keySet()) {
                dictionaries.computeIfAbsent(views.get(view).entities(), e -> new KeyDictionary());
                joiners.put(view, new ViewJoiner(views.get(view).ttlMillis(), partitions, work.resolve("join-" + view)));
            }
            long started = System.nanoTime();
            long[] range = {Long.MAX_VALUE, Long.MIN_VALUE, 0};
            Map<List<String>, int[]> keyIds = new LinkedHashMap<>();
            dictionaries.keySet().forEach(e -> keyIds.put(e, new int[1]));
            entities.forEach(row -> {
                Object time = Values.plain(row, spec.timestampColumn());
                if (!(time instanceof Number)) {
                    throw new IllegalArgumentException("entity row " + range[2] + " has no timestamp in column '"
                            + spec.timestampColumn() + "' (" + time + ")");
                }
                long t = ((Number) time).longValue();
                range[0] = Math.min(range[0], t);
                range[1] = Math.max(range[1], t);
                range[2]++;
                dictionaries.forEach((e, dictionary) -> keyIds.get(e)[0] = dictionary.add(Values.key(row, e)));
                joiners.forEach((v, joiner) -> joiner.addProbe(keyIds.get(views.get(v).entities())[0], t));
            });
            Map<String, List<InputFile>> featureFiles = new LinkedHashMap<>();
            for (String view : byView.keySet()) {
                List<InputFile> files = new ArrayList<>();
                if (range[2] > 0) {
                    for (StoredObject o : FeatureFiles.select(store, view, views.get(view).ttlMillis(), range[0], range[1])) {
                        files.add(planned(o, work));
                    }
                }
                featureFiles.put(view, files);
            }
            String id = datasetId(spec, byView.keySet(), entities.files(), featureFiles);
            long probed = System.nanoTime();
            Map<String, Schema[]> types = joinViews(spec, byView, featureFiles, dictionaries, joiners);
            LOG.info("dataset {}: {} entity rows read in {} ms ({} partitions), {} views joined in {} ms", id, range[2],
                    (probed - started) / 1_000_000, partitions, byView.size(), (System.nanoTime() - probed) / 1_000_000);
            return write(spec, id, entities, joiners, types, featureFiles, byView, range, work);
        } finally {
            joiners.values().forEach(ViewJoiner::close);
            deleteRecursively(work);
        }
    }

    /**
     * Every view's join, views in parallel (one thread per view, at most one per processor): download the view's
     * files, read their feature types, stream each file's columns into the view's joiner and delete it.
     *
     * @return each view's feature types (Avro, null where no file has the feature)
     */
    private Map<String, Schema[]> joinViews(DatasetSpec spec, Map<String, List<Integer>> byView,
                                            Map<String, List<InputFile>> featureFiles,
                                            Map<List<String>, KeyDictionary> dictionaries, Map<String, ViewJoiner> joiners) {
        Map<String, Future<Schema[]>> futures = new LinkedHashMap<>();
        ExecutorService pool = pool("flywheel-dataset-join", byView.size());
        try {
            for (Map.Entry<String, List<Integer>> entry : byView.entrySet()) {
                String view = entry.getKey();
                List<String> names = entry.getValue().stream().map(i -> spec.features().get(i).feature()).toList();
                futures.put(view, pool.submit(() -> {
                    long cpu = CPU.getCurrentThreadCpuTime();
                    long wall = System.nanoTime();
                    List<InputFile> files = featureFiles.get(view);
                    for (InputFile file : files) {
                        download(file);
                    }
                    long downloaded = CPU.getCurrentThreadCpuTime();
                    Schema[] types = FeatureFiles.types(files, names);
                    ValueKind[] kinds = new ValueKind[types.length];
                    for (int i = 0; i < kinds.length; i++) {
                        kinds[i] = ValueKind.of(types[i]);
                    }
                    ViewJoiner joiner = joiners.get(view);
                    joiner.startRows(kinds);
                    RowValues row = new RowValues(kinds);
                    KeyDictionary keys = dictionaries.get(views.get(view).entities());
                    FeatureFiles.ScanCounts counts = FeatureFiles.NONE;
                    for (InputFile file : files) {
                        counts = counts.plus(FeatureFiles.scan(file, views.get(view), names, keys, row, joiner));
                        Files.delete(file.local());
                    }
                    long end = CPU.getCurrentThreadCpuTime();
                    LOG.info("view {}: {} files downloaded and joined in {} ms, {} ms CPU ({} ms downloading, {} ms"
                            + " reading and joining); {} row groups, {} skipped by event time; {} column chunks decoded"
                            + " by pages, {} by column readers", view, files.size(), (System.nanoTime() - wall) / 1_000_000,
                            (end - cpu) / 1_000_000, (downloaded - cpu) / 1_000_000, (end - downloaded) / 1_000_000,
                            counts.rowGroups(), counts.skippedRowGroups(), counts.pageColumns(), counts.readerColumns());
                    return types;
                }));
            }
            Map<String, Schema[]> types = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Schema[]>> future : futures.entrySet()) {
                types.put(future.getKey(), await(future.getValue()));
            }
            return types;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a dataset task", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new IllegalStateException("a dataset task failed", cause);
        }
    }

    private DatasetResult write(DatasetSpec spec, String id, EntityRows entities, Map<String, ViewJoiner> joiners,
                                Map<String, Schema[]> viewTypes, Map<String, List<InputFile>> featureFiles,
                                Map<String, List<Integer>> byView, long[] range, Path work) {
        List<Schema> types = new ArrayList<>(java.util.Collections.nCopies(spec.features().size(), (Schema) null));
        int[] featureView = new int[spec.features().size()];
        int[] featureSlot = new int[spec.features().size()];
        List<ViewJoiner.Answers> answers = new ArrayList<>();
        List<RowValues> current = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> view : byView.entrySet()) {
            Schema[] viewType = viewTypes.get(view.getKey());
            ValueKind[] kinds = new ValueKind[viewType.length];
            for (int i = 0; i < viewType.length; i++) {
                int feature = view.getValue().get(i);
                types.set(feature, viewType[i]);
                kinds[i] = ValueKind.of(viewType[i]);
                featureView[feature] = answers.size();
                featureSlot[feature] = i;
            }
            answers.add(joiners.get(view.getKey()).finish());
            current.add(new RowValues(kinds));
        }
        RowValues[] values = current.toArray(RowValues[]::new);
        long writing = System.nanoTime();
        DatasetWriter writer = new DatasetWriter(entities.schema(), spec.features(), types, settings.profileSampleSize());
        Path data = work.resolve("data.parquet");
        // answers in memory (one partition): the profiles are made from the views' tables on other threads while
        // this one writes; spilled: on the way while writing, then bins from the written file
        boolean inMemory = joiners.values().stream().allMatch(j -> j.inMemoryTable() != null);
        ExecutorService profilers = inMemory ? pool("flywheel-dataset-profile", answers.size()) : null;
        try {
            List<Future<Long>> profiled = inMemory
                    ? profileAnswers(profilers, joiners, writer, featureView, featureSlot, range[2]) : List.of();
            try (DatasetWriter.Output out = writer.open(data, featureView, featureSlot, !inMemory)) {
                entities.forEach(row -> {
                    for (int v = 0; v < values.length; v++) {
                        answers.get(v).next(values[v]);
                    }
                    try {
                        out.write(row, values);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + data, e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + data, e);
            }
            long profiling = System.nanoTime();
            List<FeatureProfile> profiles;
            if (inMemory) {
                long cpu = 0;
                for (Future<Long> future : profiled) {
                    cpu += await(future);
                }
                profiles = writer.frozenProfiles();
                LOG.info("dataset {}: output written in {} ms; profiles from the answers on {} threads ({} ms CPU),"
                        + " ready {} ms after the output", id, (profiling - writing) / 1_000_000, profiled.size(),
                        cpu / 1_000_000, (System.nanoTime() - profiling) / 1_000_000);
            } else {
                profiles = writer.profiles(data);
                LOG.info("dataset {}: output written in {} ms, profiles binned in {} ms", id,
                        (profiling - writing) / 1_000_000, (System.nanoTime() - profiling) / 1_000_000);
            }
            return publish(spec, id, entities, featureFiles, range, writer, data, profiles);
        } finally {
            if (profilers != null) {
                profilers.shutdownNow();
            }
        }
    }

    /** One task per view: its features' profiles from its in-memory table ({@link AnswerProfiles}); each gives its CPU time. */
    private static List<Future<Long>> profileAnswers(ExecutorService pool, Map<String, ViewJoiner> joiners,
                                                     DatasetWriter writer, int[] featureView, int[] featureSlot,
                                                     long count) {
        List<ViewJoiner> byIndex = new ArrayList<>(joiners.values());
        List<Future<Long>> futures = new ArrayList<>();
        for (int v = 0; v < byIndex.size(); v++) {
            List<Integer> features = new ArrayList<>();
            for (int f = 0; f < featureView.length; f++) {
                if (featureView[f] == v) {
                    features.add(f);
                }
            }
            if (features.isEmpty()) {
                continue;
            }
            ProbeTable table = byIndex.get(v).inMemoryTable();
            int[] slots = features.stream().mapToInt(f -> featureSlot[f]).toArray();
            ProfileAccumulator[] profiles = features.stream().map(writer.accumulators()::get).toArray(ProfileAccumulator[]::new);
            futures.add(pool.submit(() -> {
                long cpu = CPU.getCurrentThreadCpuTime();
                AnswerProfiles.profile(table, count, slots, profiles);
                return CPU.getCurrentThreadCpuTime() - cpu;
            }));
        }
        return futures;
    }

    private static ExecutorService pool(String name, int tasks) {
        int threads = Math.max(1, Math.min(tasks, Runtime.getRuntime().availableProcessors()));
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    private DatasetResult publish(DatasetSpec spec, String id, EntityRows entities,
                                  Map<String, List<InputFile>> featureFiles, long[] range, DatasetWriter writer,
                                  Path data, List<FeatureProfile> profiles) {
        String prefix = store.config().datasetsPrefix() + "/" + id + "/";
        store.put(prefix + "data.parquet", data, "application/vnd.apache.parquet");
        DatasetSnapshot snapshot = snapshot(spec, id, prefix, range, profiles);
        List<InputFile> inputs = new ArrayList<>(entities.files());
        featureFiles.values().forEach(inputs::addAll);
        store.put(prefix + "manifest.json", DatasetManifest.json(snapshot, writer.schema(), spec, inputs),
                "application/json");
        publisher.publish(snapshot);
        LOG.info("dataset {} built: {} rows, {} features, {} input files, at {}", id, range[2], spec.features().size(),
                inputs.size(), snapshot.getUri());
        return new DatasetResult(id, store.uri(prefix + "data.parquet"), snapshot.getManifestUri(), range[2], snapshot);
    }

    private DatasetSnapshot snapshot(DatasetSpec spec, String id, String prefix, long[] range, List<FeatureProfile> profiles) {
        String eventKey = id + "|" + spec.requestId().orElse("") + "|" + spec.causes();
        return DatasetSnapshot.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(eventKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
                .setOccurredAt(Instant.ofEpochMilli(clock.millis())).setCauses(spec.causes()).setDatasetId(id)
                .setUri(store.uri(prefix)).setManifestUri(store.uri(prefix + "manifest.json")).setRowCount(range[2])
                .setFeatureRefs(spec.features().stream().map(FeatureRef::toString).toList())
                .setEntityColumns(spec.features().stream().map(FeatureRef::view).distinct()
                        .flatMap(v -> views.get(v).entities().stream()).distinct().toList())
                .setLabel(spec.label().orElse(null)).setModel(spec.model().orElse(null))
                .setRequestId(spec.requestId().orElse(null))
                .setStartTime(range[2] == 0 ? null : Instant.ofEpochMilli(range[0]))
                .setEndTime(range[2] == 0 ? null : Instant.ofEpochMilli(range[1]))
                .setReferenceProfileUri(null).setProfiles(profiles).build();
    }

    private Map<String, List<Integer>> featuresByView(DatasetSpec spec) {
        Map<String, List<Integer>> byView = new LinkedHashMap<>();
        for (int i = 0; i < spec.features().size(); i++) {
            String view = spec.features().get(i).view();
            if (!views.containsKey(view)) {
                throw new IllegalArgumentException("unknown feature view '" + view + "' in " + spec.features().get(i)
                        + " (known: " + views.keySet() + ")");
            }
            byView.computeIfAbsent(view, v -> new ArrayList<>()).add(i);
        }
        return byView;
    }

    private void checkColumns(DatasetSpec spec, Schema schema, Iterable<String> used) {
        List<String> needed = new ArrayList<>(List.of(spec.timestampColumn()));
        spec.label().ifPresent(needed::add);
        used.forEach(v -> needed.addAll(views.get(v).entities()));
        List<String> missing = needed.stream().filter(c -> schema.getField(c) == null).distinct().toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("entity rows lack column(s) " + missing + " (they have "
                    + schema.getFields().stream().map(Schema.Field::name).toList() + ")");
        }
    }

    private EntityRows entities(DatasetSpec spec, Path work) {
        if (spec.entities() instanceof EntityInput.OfflineSource source) {
            List<InputFile> files = new ArrayList<>();
            for (StoredObject o : store.list(OfflinePaths.targetPrefix(store.config().prefix(), OfflineTarget.Kind.SOURCE,
                    source.source()))) {
                files.add(download(o, work));
            }
            return EntityRows.parquet(files);
        }
        if (spec.entities() instanceof EntityInput.CsvFile csv) {
            return EntityRows.csv(local(csv.path()), spec.timestampColumn());
        }
        return EntityRows.parquet(List.of(local(((EntityInput.ParquetFile) spec.entities()).path())));
    }

    private String datasetId(DatasetSpec spec, Iterable<String> usedViews, List<InputFile> entityFiles,
                             Map<String, List<InputFile>> featureFiles) {
        StringBuilder text = new StringBuilder(spec.canonical());
        for (String view : usedViews) {
            text.append("\nview=").append(view).append(' ').append(views.get(view));
        }
        Stream.concat(entityFiles.stream(), featureFiles.values().stream().flatMap(List::stream))
                .forEach(f -> text.append("\ninput=").append(f.uri().startsWith("s3://") ? f.uri() : "local")
                        .append(' ').append(f.identity()).append(' ').append(f.size()));
        return Hashing.sha256(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 32);
    }

    private InputFile download(StoredObject object, Path work) {
        return download(planned(object, work));
    }

    /** A listed object and where it will be downloaded (its identity comes from the listing). */
    private InputFile planned(StoredObject object, Path work) {
        Path local = work.resolve("in-" + Hashing.sha256(object.key().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .substring(0, 16) + ".parquet");
        return new InputFile(local, store.uri(object.key()), object.etag(), object.size());
    }

    private InputFile download(InputFile file) {
        String key = file.uri().substring(store.uri("").length());
        if (!store.download(key, file.local())) {
            throw new IllegalStateException(file.uri() + " was listed but is gone");
        }
        return file;
    }

    private static InputFile local(Path path) {
        try {
            return new InputFile(path, path.toAbsolutePath().toString(), Hashing.sha256(path), Files.size(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private <T> ExternalSorter<T> sorter(Comparator<T> order, RowCodec<T> codec, Path work) {
        return new ExternalSorter<>(order, codec, settings.maxRowsInMemory(), work.resolve("sort"));
    }

    private Path workFolder() {
        try {
            Files.createDirectories(settings.workDirectory());
            return Files.createTempDirectory(settings.workDirectory(), "flywheel-dataset-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder in " + settings.workDirectory(), e);
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("could not delete the work folder {}: {}", folder, e.getMessage());
        }
    }
}
