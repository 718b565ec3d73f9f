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
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds point-in-time-correct training datasets from the offline tier (the API behind
 * {@code flywheel datasets build}, and the one the training trigger calls).
 *
 * <p>A build reads the entity rows (a labels source of the offline tier, a Parquet or a CSV file), joins each view's
 * features as of each row's timestamp ({@link PointInTimeJoin}: Feast's semantics) through external sorts, so memory
 * stays bounded by {@link DatasetBuilderSettings#maxRowsInMemory()} rows per view whatever the input size, writes
 * {@code datasets/<id>/data.parquet} (entity-row columns, then one column per feature, rows in input order), a
 * reference profile per feature, and {@code datasets/<id>/manifest.json}, and publishes a {@code DatasetSnapshot}.
 *
 * <p>The id is the SHA-256 of the spec's canonical text, each view's ttl and entity columns, and the identity of every
 * input file (S3 entity tag, or the SHA-256 of a local file): the same spec over the same inputs gives the same id,
 * and the same data bytes, since every order is deterministic and Parquet writes deterministically.
 */
public final class DatasetBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetBuilder.class);

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
        try {
            EntityRows entities = entities(spec, work);
            checkColumns(spec, entities.schema(), byView.keySet());
            Map<String, ExternalSorter<EntityProbe>> probes = new LinkedHashMap<>();
            byView.keySet().forEach(v -> probes.put(v, sorter(EntityProbe.ORDER, EntityProbe.CODEC, work)));
            long[] range = {Long.MAX_VALUE, Long.MIN_VALUE, 0};
            entities.forEach(row -> {
                long t = ((Number) Values.plain(row, spec.timestampColumn())).longValue();
                range[0] = Math.min(range[0], t);
                range[1] = Math.max(range[1], t);
                long index = range[2]++;
                probes.forEach((v, sorter) -> sorter.add(new EntityProbe(Values.key(row, views.get(v).entities()), t, index)));
            });
            Map<String, List<InputFile>> featureFiles = new LinkedHashMap<>();
            for (String view : byView.keySet()) {
                List<InputFile> files = new ArrayList<>();
                if (range[2] > 0) {
                    for (StoredObject o : FeatureFiles.select(store, view, views.get(view).ttlMillis(), range[0], range[1])) {
                        files.add(download(o, work));
                    }
                }
                featureFiles.put(view, files);
            }
            String id = datasetId(spec, byView.keySet(), entities.files(), featureFiles);
            return write(spec, id, entities, probes, featureFiles, byView, range, work);
        } finally {
            deleteRecursively(work);
        }
    }

    private DatasetResult write(DatasetSpec spec, String id, EntityRows entities, Map<String, ExternalSorter<EntityProbe>> probes,
                                Map<String, List<InputFile>> featureFiles, Map<String, List<Integer>> byView, long[] range,
                                Path work) {
        List<Schema> types = new ArrayList<>(java.util.Collections.nCopies(spec.features().size(), (Schema) null));
        Map<String, CloseableIterator<JoinedValues>> answers = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> view : byView.entrySet()) {
            List<String> names = view.getValue().stream().map(i -> spec.features().get(i).feature()).toList();
            ExternalSorter<FeatureRow> rows = sorter(FeatureRow.ORDER, FeatureRow.CODEC, work);
            Schema[] viewTypes = FeatureFiles.read(featureFiles.get(view.getKey()), views.get(view.getKey()), names, rows);
            for (int i = 0; i < names.size(); i++) {
                types.set(view.getValue().get(i), viewTypes[i]);
            }
            answers.put(view.getKey(), ViewJoin.run(probes.get(view.getKey()), rows, views.get(view.getKey()).ttlMillis(),
                    settings.maxRowsInMemory(), work));
        }
        DatasetWriter writer = new DatasetWriter(entities.schema(), spec.features(), types, settings.profileSampleSize());
        Path data = work.resolve("data.parquet");
        try (ParquetWriter<GenericRecord> out = writer.open(data)) {
            entities.forEach(row -> {
                Object[] values = new Object[spec.features().size()];
                for (Map.Entry<String, List<Integer>> view : byView.entrySet()) {
                    List<Object> joined = answers.get(view.getKey()).next().values();
                    for (int i = 0; joined != null && i < joined.size(); i++) {
                        values[view.getValue().get(i)] = joined.get(i);
                    }
                }
                try {
                    out.write(writer.row(row, values));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + data, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + data, e);
        } finally {
            answers.values().forEach(CloseableIterator::close);
        }
        List<FeatureProfile> profiles = writer.profiles(data);
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
        Path local = work.resolve("in-" + Hashing.sha256(object.key().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .substring(0, 16) + ".parquet");
        if (!store.download(object.key(), local)) {
            throw new IllegalStateException(store.uri(object.key()) + " was listed but is gone");
        }
        return new InputFile(local, store.uri(object.key()), object.etag(), object.size());
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
