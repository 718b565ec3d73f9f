package dev.flywheel.features.dataset;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * One view's point-in-time join with bounded memory, columnar and primitive throughout.
 *
 * <p>Entity rows arrive first ({@link #addProbe}: key id and time; the input position is the call count), then the
 * feature rows in input order ({@link #offer}), then {@link #finish} gives one answer per entity row in input order.
 *
 * <p>When the entity rows fit ({@code partitions == 1}) they are held in one {@link ProbeTable} and every feature row
 * goes straight from the Parquet reader into it: nothing is sorted or spilled but the probes. Otherwise (a grace hash
 * join) entity and feature rows are split by {@code key id mod partitions} into spill files as they arrive; each
 * partition is then joined alone in a {@link ProbeTable} (so memory holds one partition's probes) and writes its
 * answers in input order to a run; {@link #finish} merges the runs by input position with a heap of one cursor per
 * run. Every order is deterministic, so the answers are the same whatever the partitioning.
 */
final class ViewJoiner implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final long ttlMillis;
    private final int partitions;
    private final Path directory;
    private ValueKind[] kinds;
    private int[] keys = new int[1024];
    private long[] times = new long[1024];
    private long probes;
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;
    private ProbeTable table;
    private DataOutputStream[] probeOut;
    private DataOutputStream[] rowOut;
    private Path[] probeFiles;
    private Path[] rowFiles;
    private Path[] answerFiles;

    /**
     * A joiner.
     *
     * @param ttlMillis the view's ttl; 0 = no lower bound
     * @param partitions 1 = entity rows held in memory; more = split into that many spilled partitions
     * @param directory where partitions and runs are spilled (created when missing)
     */
    ViewJoiner(long ttlMillis, int partitions, Path directory) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        this.ttlMillis = ttlMillis;
        this.partitions = partitions;
        this.directory = directory;
        if (partitions > 1) {
            probeFiles = new Path[partitions];
            probeOut = open(probeFiles, "probes-");
        }
    }

    /** The number of partitions needed to hold at most {@code maxRowsInMemory} entity rows per partition. */
    static int partitionsFor(long entityRows, int maxRowsInMemory) {
        return (int) Math.max(1, Math.min(4096, (entityRows + maxRowsInMemory - 1) / maxRowsInMemory));
    }

    /** Adds the next entity row: its key id (&gt;= 0) and time. */
    void addProbe(int key, long time) {
        if (kinds != null) {
            throw new IllegalStateException("entity rows come before feature rows");
        }
        long index = probes++;
        minTime = Math.min(minTime, time);
        maxTime = Math.max(maxTime, time);
        if (partitions == 1) {
            if (index == keys.length) {
                keys = Arrays.copyOf(keys, keys.length * 2);
                times = Arrays.copyOf(times, times.length * 2);
            }
            keys[(int) index] = key;
            times[(int) index] = time;
            return;
        }
        try {
            DataOutputStream out = probeOut[key % partitions];
            out.writeInt(key);
            out.writeLong(time);
            out.writeLong(index);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill entity rows to " + directory, e);
        }
    }

    /**
     * Whether no feature row with an event time in {@code [range[0], range[1]]} can be any entity row's answer: all
     * after the latest entity row, or (with a ttl) all older than the earliest entity row's time minus the ttl.
     * False when {@code range} is null (unknown).
     */
    boolean cannotMatch(long[] range) {
        if (range == null) {
            return false;
        }
        if (probes == 0 || range[0] > maxTime) {
            return true;
        }
        return ttlMillis > 0 && minTime >= Long.MIN_VALUE + ttlMillis && range[1] < minTime - ttlMillis;
    }

    /** Ends the entity rows; feature rows of these kinds follow. */
    void startRows(ValueKind[] featureKinds) {
        this.kinds = featureKinds.clone();
        if (partitions == 1) {
            table = new ProbeTable(keys, times, (int) probes, kinds, ttlMillis);
            keys = null;
            times = null;
            return;
        }
        closeAll(probeOut);
        rowFiles = new Path[partitions];
        rowOut = open(rowFiles, "rows-");
    }

    /** Offers the next feature row (its key id, -1 for none, event time, created and values). */
    void offer(RowValues row) {
        int slot = claim(row.key, row.eventTime, row.created);
        if (slot >= 0) {
            store(slot, row);
        }
    }

    /**
     * {@link #offer} in two steps, so a reader reads a row's values only when they are needed: a slot (&gt;= 0) when
     * the row with this key id, event time and created must be {@link #store}d next, -1 when its values cannot
     * change any answer (in memory: it loses in the probe table; spilled: its key has no entity row).
     */
    int claim(int key, long eventTime, long created) {
        if (key < 0) {
            return -1;
        }
        return partitions == 1 ? table.claim(key, eventTime, created) : 0;
    }

    /**
     * The number of slots {@link #claim} answers when a later claim of the same slot supersedes an earlier one (the
     * in-memory table: only the last claimant's values count, so a reader may store just that one); 0 when every
     * claimed row must be stored, in order (spilled partitions).
     */
    int supersedingSlots() {
        return partitions == 1 ? table.slots() : 0;
    }

    /** The values of the row just claimed ({@code row} carries its key id, event time and created too). */
    void store(int slot, RowValues row) {
        if (partitions == 1) {
            table.store(slot, row);
            return;
        }
        try {
            DataOutputStream out = rowOut[row.key % partitions];
            out.writeInt(row.key);
            out.writeLong(row.eventTime);
            out.writeLong(row.created);
            writeValues(out, row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill feature rows to " + directory, e);
        }
    }

    /** Joins; one answer per entity row, in input order. Close the joiner when done with it. */
    Answers finish() {
        if (partitions == 1) {
            table.resolve();
            ProbeTable done = table;
            long count = probes;
            return new Answers() {
                private int next;

                @Override
                public void next(RowValues out) {
                    if (next >= count) {
                        throw new NoSuchElementException();
                    }
                    done.answer(next++, out);
                }
            };
        }
        closeAll(rowOut);
        answerFiles = new Path[partitions];
        for (int p = 0; p < partitions; p++) {
            answerFiles[p] = joinPartition(p);
        }
        return new MergedAnswers();
    }

    /** After {@link #finish}: the resolved in-memory table when there is one partition, else null (spilled). */
    ProbeTable inMemoryTable() {
        return partitions == 1 ? table : null;
    }

    private Path joinPartition(int p) {
        try {
            int[] partKeys = new int[16];
            long[] partTimes = new long[16];
            long[] inputs = new long[16];
            int count = 0;
            try (DataInputStream in = input(probeFiles[p])) {
                while (true) {
                    int key;
                    try {
                        key = in.readInt();
                    } catch (EOFException end) {
                        break;
                    }
                    if (count == partKeys.length) {
                        partKeys = Arrays.copyOf(partKeys, count * 2);
                        partTimes = Arrays.copyOf(partTimes, count * 2);
                        inputs = Arrays.copyOf(inputs, count * 2);
                    }
                    partKeys[count] = key;
                    partTimes[count] = in.readLong();
                    inputs[count++] = in.readLong();
                }
            }
            Files.delete(probeFiles[p]);
            ProbeTable partTable = new ProbeTable(partKeys, partTimes, count, kinds, ttlMillis);
            RowValues row = new RowValues(kinds);
            try (DataInputStream in = input(rowFiles[p])) {
                while (true) {
                    try {
                        row.key = in.readInt();
                    } catch (EOFException end) {
                        break;
                    }
                    row.eventTime = in.readLong();
                    row.created = in.readLong();
                    readValues(in, row);
                    partTable.offer(row);
                }
            }
            Files.delete(rowFiles[p]);
            partTable.resolve();
            Path answers = Files.createTempFile(directory, "answers-", ".bin");
            try (DataOutputStream out = output(answers)) {
                for (int i = 0; i < count; i++) {
                    partTable.answer(i, row);
                    out.writeLong(inputs[i]);
                    writeValues(out, row);
                }
            }
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot join spilled partition " + p + " in " + directory, e);
        }
    }

    /** Deletes every spill file left. */
    @Override
    public void close() {
        for (Path[] files : new Path[][] {probeFiles, rowFiles, answerFiles}) {
            if (files == null) {
                continue;
            }
            for (Path file : files) {
                if (file == null) {
                    continue;
                }
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete spill file " + file, e);
                }
            }
        }
    }

    /** One view's answers in entity-row order. */
    interface Answers {
        /** Fills {@code out} with the next entity row's features (all null when none matched). */
        void next(RowValues out);
    }

    private final class MergedAnswers implements Answers {
        private final DataInputStream[] in = new DataInputStream[partitions];
        private final long[] head = new long[partitions];
        private final int[] heap = new int[partitions];
        private int size;

        MergedAnswers() {
            try {
                for (int p = 0; p < partitions; p++) {
                    in[p] = input(answerFiles[p]);
                    if (advance(p)) {
                        heap[size++] = p;
                        up(size - 1);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read answer runs in " + directory, e);
            }
        }

        @Override
        public void next(RowValues out) {
            if (size == 0) {
                throw new NoSuchElementException();
            }
            int p = heap[0];
            try {
                readValues(in[p], out);
                if (advance(p)) {
                    down(0);
                } else {
                    heap[0] = heap[--size];
                    down(0);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read answer runs in " + directory, e);
            }
        }

        private boolean advance(int p) throws IOException {
            try {
                head[p] = in[p].readLong();
                return true;
            } catch (EOFException end) {
                in[p].close();
                Files.delete(answerFiles[p]);
                return false;
            }
        }

        private void up(int i) {
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (head[heap[parent]] <= head[heap[i]]) {
                    return;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void down(int i) {
            while (true) {
                int left = 2 * i + 1;
                int smallest = i;
                if (left < size && head[heap[left]] < head[heap[smallest]]) {
                    smallest = left;
                }
                if (left + 1 < size && head[heap[left + 1]] < head[heap[smallest]]) {
                    smallest = left + 1;
                }
                if (smallest == i) {
                    return;
                }
                swap(i, smallest);
                i = smallest;
            }
        }

        private void swap(int a, int b) {
            int t = heap[a];
            heap[a] = heap[b];
            heap[b] = t;
        }
    }

    private static void writeValues(DataOutputStream out, RowValues row) throws IOException {
        for (int f = 0; f < row.size(); f++) {
            if (row.nulls[f]) {
                out.writeByte(0);
                continue;
            }
            out.writeByte(1);
            switch (row.kinds[f]) {
                case STRING -> out.writeUTF(row.strings[f]);
                case FLOAT, DOUBLE -> out.writeDouble(row.doubles[f]);
                default -> out.writeLong(row.longs[f]);
            }
        }
    }

    private static void readValues(DataInputStream in, RowValues row) throws IOException {
        for (int f = 0; f < row.size(); f++) {
            boolean isNull = in.readByte() == 0;
            row.nulls[f] = isNull;
            if (isNull) {
                row.strings[f] = null;
                continue;
            }
            switch (row.kinds[f]) {
                case STRING -> row.strings[f] = in.readUTF();
                case FLOAT, DOUBLE -> row.doubles[f] = in.readDouble();
                default -> row.longs[f] = in.readLong();
            }
        }
    }

    private DataOutputStream[] open(Path[] files, String prefix) {
        DataOutputStream[] streams = new DataOutputStream[files.length];
        try {
            Files.createDirectories(directory);
            for (int p = 0; p < files.length; p++) {
                files[p] = Files.createTempFile(directory, prefix, ".bin");
                streams[p] = output(files[p]);
            }
        } catch (IOException e) {
            closeAll(streams);
            throw new UncheckedIOException("cannot create spill files in " + directory, e);
        }
        return streams;
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
    }

    private static DataInputStream input(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
    }

    private void closeAll(DataOutputStream[] streams) {
        UncheckedIOException failure = null;
        for (DataOutputStream stream : streams) {
            if (stream == null) {
                continue;
            }
            try {
                stream.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = new UncheckedIOException("cannot close a spill file in " + directory, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
