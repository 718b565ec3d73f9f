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
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.metadata.BlockMetaData;

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

    /** What a scan did: row groups read and skipped (by their event-time statistics), columns read each way. */
    record ScanCounts(int rowGroups, int skippedRowGroups, int pageColumns, int readerColumns) {
        ScanCounts plus(ScanCounts other) {
            return new ScanCounts(rowGroups + other.rowGroups, skippedRowGroups + other.skippedRowGroups,
                    pageColumns + other.pageColumns, readerColumns + other.readerColumns);
        }
    }

    /** No scans yet. */
    static final ScanCounts NONE = new ScanCounts(0, 0, 0, 0);

    /**
     * Streams a downloaded file's rows into a join, column by column, with page decoding where it applies (see
     * {@link #scan(InputFile, ViewInfo, List, KeyDictionary, RowValues, ViewJoiner, boolean)}).
     */
    static ScanCounts scan(InputFile file, ViewInfo view, List<String> features, KeyDictionary keys, RowValues row,
                           ViewJoiner joiner) {
        return scan(file, view, features, keys, row, joiner, true);
    }

    /**
     * Streams a downloaded file's rows into a join, column by column: a row group whose event-time statistics show
     * that none of its rows can be an answer ({@link ViewJoiner#cannotMatch}) is skipped unread; in the others the
     * entity key is looked up in the dictionary, event time and created (0 when absent) are read and claimed in the
     * joiner, and only a row the joiner needs (one that wins its bucket; when spilled, one of a key some entity row
     * has) has its requested features (null when the file lacks one) read and stored; the others' feature values are
     * never decoded. Columns are decoded by pages ({@link PageColumn}) when {@code pageDecoding} and the page decoder
     * handles their chunk, else through parquet-column's readers ({@link ReaderColumn}); the rows are the same.
     */
    static ScanCounts scan(InputFile file, ViewInfo view, List<String> features, KeyDictionary keys, RowValues row,
                           ViewJoiner joiner, boolean pageDecoding) {
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
            RowGroupColumn[] featureColumns = new RowGroupColumn[feature.length];
            ReaderColumn[] entityColumns = new ReaderColumn[entity.length];
            String[] texts = new String[entity.length];
            Winners won = new Winners(joiner.supersedingSlots());
            int groups = 0;
            int skipped = 0;
            int byPages = 0;
            int byReaders = 0;
            for (BlockMetaData meta = columns.peek(); meta != null; meta = columns.peek()) {
                groups++;
                if (joiner.cannotMatch(ParquetColumns.range(meta, eventTime))) {
                    columns.skip();
                    skipped++;
                    continue;
                }
                ParquetColumns.RowGroup group = columns.next();
                RowGroupColumn key = null;
                if (entity.length == 1) {
                    key = group.column(entity[0], PageColumn.Use.KEY, keys, pageDecoding);
                } else {
                    for (int i = 0; i < entity.length; i++) {
                        entityColumns[i] = new ReaderColumn(group.reader(entity[i]), null);
                    }
                }
                RowGroupColumn events = group.column(eventTime, PageColumn.Use.LONG, null, pageDecoding);
                RowGroupColumn createdColumn = group.column(created, PageColumn.Use.LONG, null, pageDecoding);
                for (int f = 0; f < feature.length; f++) {
                    featureColumns[f] = group.column(feature[f], PageColumn.featureUse(row.kinds[f]), null, pageDecoding);
                }
                for (RowGroupColumn c : allOf(key, events, createdColumn, featureColumns)) {
                    if (c instanceof PageColumn) {
                        byPages++;
                    } else {
                        byReaders++;
                    }
                }
                byReaders += key == null ? entity.length : 0;
                int rows = Math.toIntExact(group.rows());
                int count = 0;
                for (int r = 0; r < rows; r++) { // first every row's key and times, claimed
                    int id;
                    if (key != null) {
                        id = key.keyAt(r);
                        if (id == RowGroupColumn.NULL_KEY) {
                            missingKey(file, view.entities().get(0));
                        }
                    } else {
                        for (int i = 0; i < entity.length; i++) {
                            texts[i] = entityColumns[i].textAt(r);
                            if (texts[i] == null) {
                                missingKey(file, view.entities().get(i));
                            }
                        }
                        id = keys.id(dev.flywheel.features.view.EntityKeys.join(Arrays.asList(texts)));
                    }
                    long event = events.longAt(r, Long.MIN_VALUE);
                    if (event == Long.MIN_VALUE) {
                        throw new IllegalArgumentException(file.uri() + " has a row without event_timestamp");
                    }
                    long createdTime = createdColumn == null ? 0 : createdColumn.longAt(r, 0);
                    int slot = joiner.claim(id, event, createdTime);
                    if (slot >= 0) {
                        won.add(count++, r, slot, id, event, createdTime);
                    }
                }
                count = won.lastOfEachSlot(count);
                for (int w = 0; w < count; w++) { // then the values of the rows that still win, in row order
                    int r = won.rows[w];
                    row.key = won.keys[w];
                    row.eventTime = won.events[w];
                    row.created = won.created[w];
                    for (int f = 0; f < featureColumns.length; f++) {
                        if (featureColumns[f] == null) {
                            row.nulls[f] = true;
                            row.strings[f] = null;
                        } else {
                            featureColumns[f].readAt(r, row, f);
                        }
                    }
                    joiner.store(won.slots[w], row);
                }
            }
            return new ScanCounts(groups, skipped, byPages, byReaders);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.uri(), e);
        }
    }

    /**
     * The rows of a row group whose claims won, in row order: their slot, key id and times, so their values can be
     * read after every claim of the group. When a later claim of a slot supersedes an earlier one (the in-memory
     * table), only the last is kept: superseded rows' values are never read.
     */
    private static final class Winners {
        int[] rows = new int[1024];
        int[] slots = new int[1024];
        int[] keys = new int[1024];
        long[] events = new long[1024];
        long[] created = new long[1024];
        private final int[] seen;
        private int epoch;

        Winners(int supersedingSlots) {
            seen = new int[supersedingSlots];
        }

        void add(int at, int row, int slot, int key, long event, long createdTime) {
            if (at == rows.length) {
                int grown = at * 2;
                rows = Arrays.copyOf(rows, grown);
                slots = Arrays.copyOf(slots, grown);
                keys = Arrays.copyOf(keys, grown);
                events = Arrays.copyOf(events, grown);
                created = Arrays.copyOf(created, grown);
            }
            rows[at] = row;
            slots[at] = slot;
            keys[at] = key;
            events[at] = event;
            created[at] = createdTime;
        }

        /** Drops every winner a later one of its slot superseded (nothing when spilled); the number left. */
        int lastOfEachSlot(int count) {
            if (seen.length == 0) {
                return count;
            }
            epoch++;
            int kept = count;
            for (int w = count - 1; w >= 0; w--) { // last claims first; survivors packed to the end, order kept
                int slot = slots[w];
                if (seen[slot] == epoch) {
                    continue;
                }
                seen[slot] = epoch;
                kept--;
                rows[kept] = rows[w];
                slots[kept] = slot;
                keys[kept] = keys[w];
                events[kept] = events[w];
                created[kept] = created[w];
            }
            int left = count - kept;
            System.arraycopy(rows, kept, rows, 0, left);
            System.arraycopy(slots, kept, slots, 0, left);
            System.arraycopy(keys, kept, keys, 0, left);
            System.arraycopy(events, kept, events, 0, left);
            System.arraycopy(created, kept, created, 0, left);
            return left;
        }
    }

    private static List<RowGroupColumn> allOf(RowGroupColumn key, RowGroupColumn events, RowGroupColumn created,
                                              RowGroupColumn[] features) {
        List<RowGroupColumn> all = new ArrayList<>();
        for (RowGroupColumn c : new RowGroupColumn[] {key, events, created}) {
            if (c != null) {
                all.add(c);
            }
        }
        for (RowGroupColumn c : features) {
            if (c != null) {
                all.add(c);
            }
        }
        return all;
    }

    private static int missingKey(InputFile file, String column) {
        throw new IllegalArgumentException("entity column '" + column + "' is null in a row of " + file.uri());
    }
}
