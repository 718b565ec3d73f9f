package dev.flywheel.features.dataset;

import dev.flywheel.features.offline.OfflinePaths;
import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.features.offline.OfflineTarget;
import dev.flywheel.features.offline.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;

/** A view's objects in the offline tier that can hold rows for a build's time range, and their rows. */
final class FeatureFiles {

    private FeatureFiles() {
    }

    /**
     * The objects of a view whose date partition can hold rows in {@code [minTime - ttl, maxTime]}, sorted by key.
     */
    static List<StoredObject> select(OfflineStore store, String view, long ttlMillis, long minTime, long maxTime) {
        LocalDate last = OfflinePaths.dateOf(maxTime);
        LocalDate first = ttlMillis > 0 ? OfflinePaths.dateOf(minTime - ttlMillis) : LocalDate.MIN;
        List<StoredObject> selected = new ArrayList<>();
        String prefix = OfflinePaths.targetPrefix(store.config().prefix(), OfflineTarget.Kind.FEATURES, view);
        for (StoredObject object : store.list(prefix)) {
            LocalDate date = OfflinePaths.dateOfKey(object.key());
            if (date == null || !date.isBefore(first) && !date.isAfter(last)) {
                selected.add(object);
            }
        }
        return selected;
    }

    /** The Avro type of each requested feature in the first file that has it; null where no file has it. */
    static Schema[] types(List<InputFile> files, List<String> features) {
        Schema[] types = new Schema[features.size()];
        for (InputFile file : files) {
            try (ParquetColumns columns = new ParquetColumns(file.local())) {
                Schema schema = columns.avroSchema();
                for (int i = 0; i < types.length; i++) {
                    Schema.Field field = schema.getField(features.get(i));
                    if (field != null && types[i] == null) {
                        types[i] = Values.nonNull(field.schema());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.uri(), e);
            }
        }
        return types;
    }

    /**
     * Streams a downloaded file's rows into a join, column by column: the entity key is looked up in the
     * dictionary, event time and created (0 when absent) are read and claimed in the joiner, and only a row the
     * joiner needs (one that wins its bucket; when spilled, one of a key some entity row has) has its requested
     * features (null when the file lacks one) read and stored; the others' feature values are skipped undecoded.
     */
    static void scan(InputFile file, ViewInfo view, List<String> features, KeyDictionary keys, RowValues row,
                     ViewJoiner joiner) {
        try (ParquetColumns columns = new ParquetColumns(file.local())) {
            ColumnDescriptor[] entity = new ColumnDescriptor[view.entities().size()];
            for (int i = 0; i < entity.length; i++) {
                entity[i] = columns.column(view.entities().get(i));
                if (entity[i] == null) {
                    throw new IllegalArgumentException(file.uri() + " lacks the entity column '" + view.entities().get(i) + "'");
                }
            }
            ColumnDescriptor eventTime = columns.column("event_timestamp");
            if (eventTime == null) {
                throw new IllegalArgumentException(file.uri() + " lacks the column 'event_timestamp'");
            }
            ColumnDescriptor created = columns.column("created");
            ColumnDescriptor[] feature = new ColumnDescriptor[features.size()];
            for (int f = 0; f < feature.length; f++) {
                feature[f] = columns.column(features.get(f));
            }
            boolean binaryKey = entity.length == 1
                    && entity[0].getPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY;
            ColumnReader[] featureReaders = new ColumnReader[feature.length];
            ColumnReader[] entityReaders = new ColumnReader[entity.length];
            String[] texts = new String[entity.length];
            for (ParquetColumns.RowGroup group = columns.next(); group != null; group = columns.next()) {
                for (int i = 0; i < entity.length; i++) {
                    entityReaders[i] = group.reader(entity[i]);
                }
                ColumnReader eventReader = group.reader(eventTime);
                ColumnReader createdReader = group.reader(created);
                for (int f = 0; f < feature.length; f++) {
                    featureReaders[f] = group.reader(feature[f]);
                }
                for (long r = 0; r < group.rows(); r++) {
                    int key;
                    if (binaryKey) {
                        Binary bytes = ParquetColumns.binary(entityReaders[0]);
                        key = bytes == null ? missingKey(file, view.entities().get(0)) : keys.id(bytes);
                    } else {
                        for (int i = 0; i < entity.length; i++) {
                            texts[i] = ParquetColumns.text(entityReaders[i]);
                            if (texts[i] == null) {
                                missingKey(file, view.entities().get(i));
                            }
                        }
                        key = keys.id(texts.length == 1 ? texts[0]
                                : dev.flywheel.features.view.EntityKeys.join(java.util.Arrays.asList(texts)));
                    }
                    row.key = key;
                    row.eventTime = ParquetColumns.longValue(eventReader, Long.MIN_VALUE);
                    if (row.eventTime == Long.MIN_VALUE) {
                        throw new IllegalArgumentException(file.uri() + " has a row without event_timestamp");
                    }
                    row.created = createdReader == null ? 0 : ParquetColumns.longValue(createdReader, 0);
                    int slot = joiner.claim(key, row.eventTime, row.created);
                    for (int f = 0; f < featureReaders.length; f++) {
                        ColumnReader reader = featureReaders[f];
                        if (reader == null) {
                            row.nulls[f] = true;
                            row.strings[f] = null;
                        } else if (slot >= 0) {
                            ParquetColumns.read(reader, row, f);
                        } else {
                            ParquetColumns.skip(reader);
                        }
                    }
                    if (slot >= 0) {
                        joiner.store(slot, row);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.uri(), e);
        }
    }

    private static int missingKey(InputFile file, String column) {
        throw new IllegalArgumentException("entity column '" + column + "' is null in a row of " + file.uri());
    }
}
