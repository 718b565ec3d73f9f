package dev.flywheel.features.offline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The records of one topic partition read since its last commit, in offset order. All records of a buffer share
 * one schema (the sink writes the buffer before a record of another schema), so each date becomes one file.
 */
final class PartitionBuffer {

    /** One buffered record. */
    record Buffered(long offset, long eventTime, GenericRecord value) {
    }

    private final List<Buffered> records = new ArrayList<>();
    private Schema schema;
    private long firstOffset = -1;
    private long lastOffset = -1;
    private long bytes;
    private long openedAt;

    /** Whether a record of this schema can join the buffer. */
    boolean accepts(Schema other) {
        return schema == null || schema.equals(other);
    }

    /** Adds a record (null value: a tombstone, which only advances the offsets). */
    void add(long offset, long eventTime, GenericRecord value, int serializedSize, long now) {
        if (firstOffset < 0) {
            firstOffset = offset;
            openedAt = now;
        }
        lastOffset = offset;
        if (value != null) {
            schema = value.getSchema();
            records.add(new Buffered(offset, eventTime, value));
            bytes += Math.max(0, serializedSize);
        }
    }

    boolean isEmpty() {
        return firstOffset < 0;
    }

    boolean isFull(OfflineSinkSettings settings, long now) {
        return !isEmpty() && (records.size() >= settings.maxRecords() || bytes >= settings.maxBytes()
                || now - openedAt >= settings.maxInterval().toMillis());
    }

    long firstOffset() {
        return firstOffset;
    }

    long lastOffset() {
        return lastOffset;
    }

    Schema schema() {
        return schema;
    }

    int size() {
        return records.size();
    }

    /** The records by event date, each list in offset order. */
    Map<LocalDate, List<Buffered>> byDate() {
        Map<LocalDate, List<Buffered>> dates = new TreeMap<>();
        for (Buffered record : records) {
            dates.computeIfAbsent(OfflinePaths.dateOf(record.eventTime()), d -> new ArrayList<>()).add(record);
        }
        return dates;
    }

    void clear() {
        records.clear();
        schema = null;
        firstOffset = -1;
        lastOffset = -1;
        bytes = 0;
    }
}
