package dev.flywheel.features.dataset;

import dev.flywheel.features.offline.ParquetIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * The entity rows of a build, streamed from their files in a fixed order (so a row's position is its index) as
 * often as needed: once to make the join probes, once to write the output.
 */
final class EntityRows {

    private final List<InputFile> files;
    private final CsvRecords csv;
    private final Schema schema;

    private EntityRows(List<InputFile> files, CsvRecords csv, Schema schema) {
        this.files = files;
        this.csv = csv;
        this.schema = schema;
    }

    static EntityRows csv(InputFile file, String timestampColumn) {
        CsvRecords records = new CsvRecords(file.local(), timestampColumn);
        return new EntityRows(List.of(file), records, records.schema());
    }

    static EntityRows parquet(List<InputFile> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no entity rows: the input has no files");
        }
        try (ParquetReader<GenericRecord> reader = ParquetIo.reader(files.get(0).local())) {
            GenericRecord first = reader.read();
            if (first == null) {
                throw new IllegalArgumentException("cannot infer the entity row schema: " + files.get(0).uri() + " is empty");
            }
            return new EntityRows(files, null, first.getSchema());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files.get(0).uri(), e);
        }
    }

    List<InputFile> files() {
        return files;
    }

    /** The schema of the rows (the first file's, for Parquet inputs). */
    Schema schema() {
        return schema;
    }

    /** The number of rows (Parquet footers; a CSV is read through once). */
    long count() {
        if (csv != null) {
            long[] count = {0};
            csv.forEach(row -> count[0]++);
            return count[0];
        }
        long count = 0;
        for (InputFile file : files) {
            try (ParquetColumns columns = new ParquetColumns(file.local())) {
                count += columns.rowCount();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.uri(), e);
            }
        }
        return count;
    }

    /** Streams every row in index order. */
    void forEach(Consumer<GenericRecord> action) {
        if (csv != null) {
            csv.forEach(action);
            return;
        }
        for (InputFile file : files) {
            try (ParquetReader<GenericRecord> reader = ParquetIo.reader(file.local())) {
                for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                    action.accept(row);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.uri(), e);
            }
        }
    }
}
