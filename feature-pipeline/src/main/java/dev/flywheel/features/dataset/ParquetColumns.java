package dev.flywheel.features.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReadStore;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * A local Parquet file read column by column (parquet-column's {@link ColumnReader}s over each row group's pages):
 * no records are materialised, values come out as primitives. Flat schemas only (top-level primitive columns).
 */
final class ParquetColumns implements AutoCloseable {

    private static final GroupConverter IGNORE = new GroupConverter() {
        private final PrimitiveConverter primitive = new PrimitiveConverter() {
        };

        @Override
        public Converter getConverter(int fieldIndex) {
            return primitive;
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    };

    private final ParquetFileReader reader;
    private final MessageType schema;
    private final String createdBy;
    private int nextGroup;

    ParquetColumns(Path file) throws IOException {
        this.reader = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
        this.schema = reader.getFooter().getFileMetaData().getSchema();
        this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
    }

    /** The file's Avro schema (as written by parquet-avro, else converted from the Parquet schema). */
    Schema avroSchema() {
        String text = reader.getFooter().getFileMetaData().getKeyValueMetaData().get("parquet.avro.schema");
        return text != null ? new Schema.Parser().parse(text) : new AvroSchemaConverter().convert(schema);
    }

    /** Rows in the file. */
    long rowCount() {
        return reader.getRecordCount();
    }

    /** The column of a top-level field, null when the file has none. */
    ColumnDescriptor column(String field) {
        if (!schema.containsField(field) || !schema.getType(field).isPrimitive()) {
            return null;
        }
        return schema.getColumnDescription(new String[] {field});
    }

    /** The footer's metadata of the row group {@link #next} would read, null after the last one. */
    BlockMetaData peek() {
        List<BlockMetaData> groups = reader.getRowGroups();
        return nextGroup < groups.size() ? groups.get(nextGroup) : null;
    }

    /** Skips the next row group without reading it. */
    void skip() {
        if (!reader.skipNextRowGroup()) {
            throw new IllegalStateException("no row group left to skip");
        }
        nextGroup++;
    }

    /** The next row group's columns, null after the last one. */
    RowGroup next() throws IOException {
        BlockMetaData meta = peek();
        PageReadStore pages = reader.readNextRowGroup();
        if (pages == null) {
            return null;
        }
        nextGroup++;
        return new RowGroup(pages.getRowCount(), pages, meta, new ColumnReadStoreImpl(pages, IGNORE, schema, createdBy));
    }

    /** The minimum and maximum of an INT64 column in a row group's statistics, null when it has none. */
    static long[] range(BlockMetaData group, ColumnDescriptor column) {
        ColumnChunkMetaData chunk = chunk(group, column);
        if (chunk == null || chunk.getPrimitiveType().getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.INT64) {
            return null;
        }
        Statistics<?> statistics = chunk.getStatistics();
        if (!(statistics instanceof LongStatistics longs) || longs.isEmpty() || !longs.hasNonNullValue()) {
            return null;
        }
        return new long[] {longs.getMin(), longs.getMax()};
    }

    /** A column's chunk in a row group, null when the group has none. */
    static ColumnChunkMetaData chunk(BlockMetaData group, ColumnDescriptor column) {
        if (group == null || column == null) {
            return null;
        }
        ColumnPath path = ColumnPath.get(column.getPath());
        for (ColumnChunkMetaData chunk : group.getColumns()) {
            if (chunk.getPath().equals(path)) {
                return chunk;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** One row group: its row count, its pages, its footer metadata and a reader per column. */
    record RowGroup(long rows, PageReadStore pages, BlockMetaData meta, ColumnReadStore store) {
        /** A reader positioned on the first value of a column (null for a column the file lacks). */
        ColumnReader reader(ColumnDescriptor column) {
            return column == null ? null : store.getColumnReader(column);
        }

        /**
         * A column read for a use: decoded by pages when {@code pageDecoding} and {@link PageColumn#handles} its
         * chunk's encodings, else through a {@link ColumnReader}; null for a column the file lacks. A column is read
         * one way or the other, never both.
         */
        RowGroupColumn column(ColumnDescriptor column, PageColumn.Use use, KeyDictionary keys, boolean pageDecoding) {
            if (column == null) {
                return null;
            }
            ColumnChunkMetaData chunk = chunk(meta, column);
            if (pageDecoding && chunk != null && PageColumn.handles(column, chunk.getEncodings(), use)) {
                return new PageColumn(column, pages.getPageReader(column), use, keys);
            }
            return new ReaderColumn(store.getColumnReader(column), keys);
        }
    }

    /** Whether the reader's current value is present (then it must be read or skipped before {@code consume}). */
    static boolean present(ColumnReader reader) {
        return reader.getCurrentDefinitionLevel() == reader.getDescriptor().getMaxDefinitionLevel();
    }

    /** The current value as a long (INT32, INT64, BOOLEAN as 0/1), then moves on; {@code absent} when null. */
    static long longValue(ColumnReader reader, long absent) {
        long value = absent;
        if (present(reader)) {
            value = switch (reader.getDescriptor().getPrimitiveType().getPrimitiveTypeName()) {
                case INT64 -> reader.getLong();
                case INT32 -> reader.getInteger();
                case BOOLEAN -> reader.getBoolean() ? 1 : 0;
                default -> throw new IllegalArgumentException("column " + reader.getDescriptor() + " is not an integer");
            };
        }
        reader.consume();
        return value;
    }

    /** The current value's text (as {@code Values.key} renders a key column), then moves on; null when null. */
    static String text(ColumnReader reader) {
        String value = null;
        if (present(reader)) {
            value = switch (reader.getDescriptor().getPrimitiveType().getPrimitiveTypeName()) {
                case BINARY, FIXED_LEN_BYTE_ARRAY -> reader.getBinary().toStringUsingUTF8();
                case INT64 -> Long.toString(reader.getLong());
                case INT32 -> Integer.toString(reader.getInteger());
                case BOOLEAN -> Boolean.toString(reader.getBoolean());
                case FLOAT -> Float.toString(reader.getFloat());
                case DOUBLE -> Double.toString(reader.getDouble());
                default -> throw new IllegalArgumentException("column " + reader.getDescriptor() + " cannot be a key");
            };
        }
        reader.consume();
        return value;
    }

    /** The current value as UTF-8 bytes, then moves on; null when null. Valid until the next read of the column. */
    static Binary binary(ColumnReader reader) {
        Binary value = present(reader) ? reader.getBinary() : null;
        reader.consume();
        return value;
    }

    /** Skips the current value and moves on. */
    static void skip(ColumnReader reader) {
        if (present(reader)) {
            reader.skip();
        }
        reader.consume();
    }

    /** Reads the current value into slot {@code f} of {@code row} (converting to its kind), then moves on. */
    static void read(ColumnReader reader, RowValues row, int f) {
        if (!present(reader)) {
            row.nulls[f] = true;
            row.strings[f] = null;
            reader.consume();
            return;
        }
        row.nulls[f] = false;
        PrimitiveType.PrimitiveTypeName type = reader.getDescriptor().getPrimitiveType().getPrimitiveTypeName();
        switch (row.kinds[f]) {
            case FLOAT, DOUBLE -> row.doubles[f] = switch (type) {
                case DOUBLE -> reader.getDouble();
                case FLOAT -> reader.getFloat();
                case INT64 -> reader.getLong();
                case INT32 -> reader.getInteger();
                default -> throw mismatch(reader, row, f);
            };
            case INT, LONG -> row.longs[f] = switch (type) {
                case INT64 -> reader.getLong();
                case INT32 -> reader.getInteger();
                default -> throw mismatch(reader, row, f);
            };
            case BOOLEAN -> {
                if (type != PrimitiveType.PrimitiveTypeName.BOOLEAN) {
                    throw mismatch(reader, row, f);
                }
                row.longs[f] = reader.getBoolean() ? 1 : 0;
            }
            default -> row.strings[f] = switch (type) {
                case BINARY, FIXED_LEN_BYTE_ARRAY -> reader.getBinary().toStringUsingUTF8();
                case INT64 -> Long.toString(reader.getLong());
                case INT32 -> Integer.toString(reader.getInteger());
                case BOOLEAN -> Boolean.toString(reader.getBoolean());
                case FLOAT -> Float.toString(reader.getFloat());
                case DOUBLE -> Double.toString(reader.getDouble());
                default -> throw mismatch(reader, row, f);
            };
        }
        reader.consume();
    }

    private static IllegalArgumentException mismatch(ColumnReader reader, RowValues row, int f) {
        return new IllegalArgumentException("column " + reader.getDescriptor() + " cannot be read as " + row.kinds[f]
                + " (a feature's type changed between files of its view)");
    }
}
