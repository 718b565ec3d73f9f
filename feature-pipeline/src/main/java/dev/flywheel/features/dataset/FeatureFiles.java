package dev.flywheel.features.dataset;

import dev.flywheel.features.offline.OfflinePaths;
import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.features.offline.OfflineTarget;
import dev.flywheel.features.offline.ParquetIo;
import dev.flywheel.features.offline.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;

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

    /**
     * Reads the rows of downloaded files into the sorter, the requested features in order.
     *
     * @return the Avro type of each requested feature (first file that has it), null where no file has it
     */
    static Schema[] read(List<InputFile> files, ViewInfo view, List<String> features, ExternalSorter<FeatureRow> sorter) {
        Schema[] types = new Schema[features.size()];
        long sequence = 0;
        for (InputFile file : files) {
            try (ParquetReader<GenericRecord> reader = ParquetIo.reader(file.local())) {
                for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                    Object[] values = new Object[features.size()];
                    for (int i = 0; i < values.length; i++) {
                        Schema.Field field = row.getSchema().getField(features.get(i));
                        if (field != null && types[i] == null) {
                            types[i] = Values.nonNull(field.schema());
                        }
                        values[i] = Values.plain(row, features.get(i));
                    }
                    Object created = Values.plain(row, "created");
                    sorter.add(new FeatureRow(Values.key(row, view.entities()),
                            ((Number) Values.plain(row, "event_timestamp")).longValue(),
                            created == null ? 0 : ((Number) created).longValue(), sequence++, java.util.Arrays.asList(values)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.uri(), e);
            }
        }
        return types;
    }
}
