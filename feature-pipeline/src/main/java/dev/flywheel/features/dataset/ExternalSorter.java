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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Sorts more rows than fit in memory: rows are collected in chunks of at most {@code maxRowsInMemory}, each chunk is
 * sorted and spilled to a temporary file as a run, and {@link #sorted()} merges the runs with a heap of one row per
 * run. Memory is bounded by the chunk size plus one row per run. The sort is stable across runs (ties keep insertion
 * order), so the result is deterministic.
 *
 * @param <T> the row type
 */
public final class ExternalSorter<T> implements AutoCloseable {

    private final Comparator<T> order;
    private final RowCodec<T> codec;
    private final int maxRowsInMemory;
    private final Path directory;
    private final List<Path> runs = new ArrayList<>();
    private List<T> chunk = new ArrayList<>();
    private long count;

    /**
     * A sorter.
     *
     * @param order the sort order
     * @param codec how rows are spilled
     * @param maxRowsInMemory rows per chunk
     * @param directory where runs are spilled (created when missing)
     */
    public ExternalSorter(Comparator<T> order, RowCodec<T> codec, int maxRowsInMemory, Path directory) {
        if (maxRowsInMemory < 1) {
            throw new IllegalArgumentException("maxRowsInMemory must be >= 1, was " + maxRowsInMemory);
        }
        this.order = order;
        this.codec = codec;
        this.maxRowsInMemory = maxRowsInMemory;
        this.directory = directory;
    }

    /** Adds a row. */
    public void add(T row) {
        chunk.add(row);
        count++;
        if (chunk.size() >= maxRowsInMemory) {
            spill();
        }
    }

    /** Rows added. */
    public long count() {
        return count;
    }

    /** The rows in order; the sorter takes no more rows afterwards. */
    public CloseableIterator<T> sorted() {
        if (!chunk.isEmpty()) {
            spill();
        }
        List<RunReader> readers = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            readers.add(new RunReader(runs.get(i), i));
        }
        return new Merge(readers);
    }

    /** Deletes the runs. */
    @Override
    public void close() {
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete sort run " + run, e);
            }
        }
    }

    private void spill() {
        chunk.sort(order);
        try {
            Files.createDirectories(directory);
            Path run = Files.createTempFile(directory, "run-", ".bin");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
                for (T row : chunk) {
                    codec.write(out, row);
                }
            }
            runs.add(run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill a sort run to " + directory, e);
        }
        chunk = new ArrayList<>();
    }

    private final class RunReader {
        private final DataInputStream in;
        private final int index;
        private T head;

        RunReader(Path run, int index) {
            this.index = index;
            try {
                this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read sort run " + run, e);
            }
            advance();
        }

        void advance() {
            try {
                head = codec.read(in);
            } catch (EOFException e) {
                head = null;
                close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a sort run", e);
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close a sort run", e);
            }
        }
    }

    private final class Merge implements CloseableIterator<T> {
        private final PriorityQueue<RunReader> heap;
        private final List<RunReader> readers;

        Merge(List<RunReader> readers) {
            this.readers = readers;
            Comparator<RunReader> byHead = (a, b) -> order.compare(a.head, b.head);
            this.heap = new PriorityQueue<>(Math.max(1, readers.size()), byHead.thenComparingInt(r -> r.index));
            for (RunReader reader : readers) {
                if (reader.head != null) {
                    heap.add(reader);
                }
            }
        }

        @Override
        public boolean hasNext() {
            return !heap.isEmpty();
        }

        @Override
        public T next() {
            RunReader reader = heap.poll();
            if (reader == null) {
                throw new NoSuchElementException();
            }
            T row = reader.head;
            reader.advance();
            if (reader.head != null) {
                heap.add(reader);
            }
            return row;
        }

        @Override
        public void close() {
            for (RunReader reader : readers) {
                if (reader.head != null) {
                    reader.close();
                }
            }
            ExternalSorter.this.close();
        }
    }
}
