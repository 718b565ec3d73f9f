package dev.flywheel.features.dataset;

import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;

/**
 * A column read value by value through parquet-column's {@link ColumnReader} (every encoding and type it knows): the
 * fallback of {@link PageColumn}. Rows not asked for are skipped undecoded.
 */
final class ReaderColumn extends RowGroupColumn {

    private final ColumnReader reader;
    private final KeyDictionary keys;
    private int position;

    /**
     * A column.
     *
     * @param reader positioned on the row group's first value
     * @param keys the dictionary a single key column is looked up in (null for other columns)
     */
    ReaderColumn(ColumnReader reader, KeyDictionary keys) {
        this.reader = reader;
        this.keys = keys;
    }

    @Override
    int keyAt(int row) {
        seek(row);
        position++;
        return switch (reader.getDescriptor().getPrimitiveType().getPrimitiveTypeName()) {
            case BINARY -> {
                Binary bytes = ParquetColumns.binary(reader);
                yield bytes == null ? NULL_KEY : keys.id(bytes);
            }
            default -> {
                String text = ParquetColumns.text(reader);
                yield text == null ? NULL_KEY : keys.id(text);
            }
        };
    }

    /** A row's value as text (as {@code Values.key} renders a key column), null when null. */
    String textAt(int row) {
        seek(row);
        position++;
        return ParquetColumns.text(reader);
    }

    @Override
    long longAt(int row, long absent) {
        seek(row);
        position++;
        return ParquetColumns.longValue(reader, absent);
    }

    @Override
    void readAt(int row, RowValues out, int f) {
        seek(row);
        position++;
        ParquetColumns.read(reader, out, f);
    }

    private void seek(int row) {
        if (row < position) {
            throw new IllegalStateException("row " + row + " asked after row " + (position - 1));
        }
        while (position < row) {
            ParquetColumns.skip(reader);
            position++;
        }
    }
}
