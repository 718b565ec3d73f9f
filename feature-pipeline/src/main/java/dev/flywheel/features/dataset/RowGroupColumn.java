package dev.flywheel.features.dataset;

/**
 * One column of one row group, read at non-decreasing row numbers (rows not asked for are skipped): the join's view
 * of a column, whether its pages are decoded by {@link PageColumn} or read value by value through parquet-column's
 * {@code ColumnReader} ({@link ReaderColumn}, the fallback for encodings and types the page decoder does not handle).
 */
abstract class RowGroupColumn {

    /** What a key column answers for a null key. */
    static final int NULL_KEY = -2;

    /** The key id of a row's entity key (a single key column), -1 for a key no entity row has, {@link #NULL_KEY}. */
    abstract int keyAt(int row);

    /** A row's value as a long (INT64, INT32), {@code absent} when null. */
    abstract long longAt(int row, long absent);

    /** Reads a row's value into slot {@code f} of {@code out}, converting it to the slot's kind. */
    abstract void readAt(int row, RowValues out, int f);
}
