package dev.flywheel.features.offline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.TopicPartition;

/** Writes a partition buffer as one Parquet object per event date, each in a single PUT. */
final class OfflineFileWriter {

    private final OfflineStore store;
    private final OfflineTarget target;

    OfflineFileWriter(OfflineStore store, OfflineTarget target) {
        this.store = store;
        this.target = target;
    }

    /** Writes the buffer's records; a tombstone-only buffer writes nothing. */
    List<CommittedFile> write(TopicPartition partition, PartitionBuffer buffer) {
        List<CommittedFile> files = new ArrayList<>();
        for (Map.Entry<LocalDate, List<PartitionBuffer.Buffered>> date : buffer.byDate().entrySet()) {
            List<PartitionBuffer.Buffered> rows = date.getValue();
            List<GenericRecord> values = new ArrayList<>(rows.size());
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (PartitionBuffer.Buffered row : rows) {
                values.add(row.value());
                min = Math.min(min, row.eventTime());
                max = Math.max(max, row.eventTime());
            }
            long first = rows.get(0).offset();
            String key = OfflinePaths.objectKey(store.config().prefix(), target.kind(), target.name(), date.getKey(),
                    partition.topic(), partition.partition(), first);
            byte[] parquet = ParquetIo.toBytes(buffer.schema(), values);
            store.put(key, parquet, "application/vnd.apache.parquet");
            files.add(new CommittedFile(key, store.uri(key), date.getKey(), rows.size(), parquet.length, min, max,
                    partition.topic(), partition.partition(), first, rows.get(rows.size() - 1).offset()));
        }
        return files;
    }
}
