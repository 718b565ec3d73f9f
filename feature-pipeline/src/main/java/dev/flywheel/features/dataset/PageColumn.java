package dev.flywheel.features.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One column chunk decoded page by page, without parquet-column's per-value {@code ColumnReader}: plain pages are read
 * in place (little-endian reads at {@code 8 x value index} over the page's bytes, so a row nobody asks for costs
 * nothing), dictionary pages as their ids (RLE/bit-packed hybrid, unpacked eight at a time) into a dictionary decoded
 * once per chunk. A key column's dictionary entries are each looked up once in the {@link KeyDictionary}, and its rows
 * then map to key ids by dictionary id; a plain key page is looked up value by value straight from the page's bytes.
 *
 * <p>Handles flat columns (no repetition) whose chunk uses only PLAIN, PLAIN_DICTIONARY and RLE_DICTIONARY values
 * ({@link #handles}); v1 and v2 data pages; definition levels in RLE (other level encodings through parquet-column's own
 * level reader). Anything else goes through {@link ReaderColumn}.
 */
final class PageColumn extends RowGroupColumn {

    /** What a column is read for: a single key column, an integer or a floating-point value. */
    enum Use { KEY, LONG, DOUBLE }

    private static final Set<Encoding> HANDLED = EnumSet.of(Encoding.PLAIN, Encoding.PLAIN_DICTIONARY,
            Encoding.RLE_DICTIONARY, Encoding.RLE, Encoding.BIT_PACKED);

    private final ColumnDescriptor column;
    private final PageReader pages;
    private final Use use;
    private final KeyDictionary keys;
    private final PrimitiveTypeName type;
    private final int maxDefinition;
    private long[] dictionaryLongs;
    private double[] dictionaryDoubles;
    private int[] dictionaryKeys;
    private int pageStart;
    private int pageEnd;
    private ByteBuffer data;
    private int valuesAt;
    private boolean dictionaryEncoded;
    private int[] ids = new int[0];
    private int[] levels = new int[0];
    private int[] valueOf;
    private int[] valueBuffer = new int[0];
    private int current;

    /**
     * A column.
     *
     * @param column the column (flat)
     * @param pages its pages in this row group
     * @param use what it is read for ({@link #handles} must hold)
     * @param keys the dictionary of a key column (null for other uses)
     */
    PageColumn(ColumnDescriptor column, PageReader pages, Use use, KeyDictionary keys) {
        this.column = column;
        this.pages = pages;
        this.use = use;
        this.keys = keys;
        this.type = column.getPrimitiveType().getPrimitiveTypeName();
        this.maxDefinition = column.getMaxDefinitionLevel();
        DictionaryPage dictionary = pages.readDictionaryPage();
        if (dictionary != null) {
            readDictionary(dictionary);
        }
    }

    /** Whether a chunk of this column with these encodings can be read for this use. */
    static boolean handles(ColumnDescriptor column, Set<Encoding> encodings, Use use) {
        if (use == null || column.getMaxRepetitionLevel() != 0 || !HANDLED.containsAll(encodings)) {
            return false;
        }
        return switch (column.getPrimitiveType().getPrimitiveTypeName()) {
            case INT32, INT64 -> true;
            case DOUBLE, FLOAT -> use == Use.DOUBLE;
            case BINARY -> use == Use.KEY;
            default -> false;
        };
    }

    /** The use a feature of this kind is read for, null when its kind has no page path (text, booleans). */
    static Use featureUse(ValueKind kind) {
        return switch (kind) {
            case FLOAT, DOUBLE -> Use.DOUBLE;
            case INT, LONG -> Use.LONG;
            default -> null;
        };
    }

    @Override
    int keyAt(int row) {
        return seek(row) ? ids[current] : NULL_KEY;
    }

    @Override
    long longAt(int row, long absent) {
        return seek(row) ? longValue() : absent;
    }

    @Override
    void readAt(int row, RowValues out, int f) {
        if (!seek(row)) {
            out.nulls[f] = true;
            out.strings[f] = null;
            return;
        }
        out.nulls[f] = false;
        if (use == Use.DOUBLE) {
            out.doubles[f] = doubleValue();
        } else {
            out.longs[f] = longValue();
        }
    }

    private boolean seek(int row) {
        if (row < pageStart) {
            throw new IllegalStateException("row " + row + " asked after row " + pageStart + " of " + column);
        }
        while (row >= pageEnd) {
            nextPage();
        }
        int i = row - pageStart;
        current = valueOf == null ? i : valueOf[i];
        return current >= 0;
    }

    private long longValue() {
        if (dictionaryEncoded) {
            return dictionaryLongs[ids[current]];
        }
        return type == PrimitiveTypeName.INT64 ? data.getLong(valuesAt + 8 * current) : data.getInt(valuesAt + 4 * current);
    }

    private double doubleValue() {
        if (dictionaryEncoded) {
            return dictionaryDoubles[ids[current]];
        }
        return switch (type) {
            case DOUBLE -> data.getDouble(valuesAt + 8 * current);
            case FLOAT -> data.getFloat(valuesAt + 4 * current);
            case INT64 -> data.getLong(valuesAt + 8 * current);
            default -> data.getInt(valuesAt + 4 * current);
        };
    }

    private void nextPage() {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new IllegalStateException("column " + column + " has no page for row " + pageEnd);
        }
        try {
            int rows;
            int present;
            Encoding encoding;
            if (page instanceof DataPageV1 v1) {
                rows = v1.getValueCount();
                data = v1.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                int at = data.position();
                present = rows;
                if (maxDefinition > 0) {
                    at = readLevelsV1(v1.getDlEncoding(), at, rows);
                    present = presence(rows);
                }
                encoding = v1.getValueEncoding();
                valuesAt = at;
            } else {
                DataPageV2 v2 = (DataPageV2) page;
                rows = v2.getRowCount();
                present = rows;
                valueOf = null;
                if (maxDefinition > 0 && v2.getNullCount() > 0) {
                    ByteBuffer levelBytes = v2.getDefinitionLevels().toByteBuffer();
                    ensureLevels(rows);
                    Hybrid.decode(levelBytes, levelBytes.position(), levelBytes.limit(), bitWidth(maxDefinition),
                            levels, rows);
                    present = presence(rows);
                }
                data = v2.getData().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                encoding = v2.getDataEncoding();
                valuesAt = data.position();
            }
            readValues(encoding, present);
            pageStart = pageEnd;
            pageEnd += rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a page of " + column, e);
        }
    }

    /** Reads a v1 page's definition levels at {@code at}; the position of its values. */
    private int readLevelsV1(Encoding encoding, int at, int rows) throws IOException {
        ensureLevels(rows);
        if (encoding == Encoding.RLE) {
            int length = data.getInt(at);
            Hybrid.decode(data, at + 4, at + 4 + length, bitWidth(maxDefinition), levels, rows);
            return at + 4 + length;
        }
        // a deprecated level encoding (BIT_PACKED): parquet-column's own reader
        ValuesReader reader = encoding.getValuesReader(column, ValuesType.DEFINITION_LEVEL);
        ByteBuffer rest = data.duplicate();
        rest.position(at);
        ByteBufferInputStream in = ByteBufferInputStream.wrap(rest.slice());
        reader.initFromPage(rows, in);
        for (int i = 0; i < rows; i++) {
            levels[i] = reader.readInteger();
        }
        return at + (int) in.position();
    }

    /** Maps each row of the page to its value index (-1 when null) unless every row has a value; the values. */
    private int presence(int rows) {
        int present = 0;
        for (int i = 0; i < rows; i++) {
            if (levels[i] == maxDefinition) {
                present++;
            }
        }
        if (present == rows) {
            valueOf = null;
            return rows;
        }
        if (valueBuffer.length < rows) {
            valueBuffer = new int[Math.max(rows, 1024)];
        }
        valueOf = valueBuffer;
        int next = 0;
        for (int i = 0; i < rows; i++) {
            valueOf[i] = levels[i] == maxDefinition ? next++ : -1;
        }
        return present;
    }

    private void readValues(Encoding encoding, int count) {
        if (encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY) {
            if (dictionaryLongs == null && dictionaryDoubles == null && dictionaryKeys == null) {
                throw new IllegalStateException("column " + column + " has a dictionary-encoded page and no dictionary");
            }
            dictionaryEncoded = true;
            ensureIds(count);
            if (count > 0) {
                int width = data.get(valuesAt) & 0xff;
                Hybrid.decode(data, valuesAt + 1, data.limit(), width, ids, count);
            }
            if (use == Use.KEY) {
                for (int i = 0; i < count; i++) {
                    ids[i] = dictionaryKeys[ids[i]];
                }
            }
            return;
        }
        if (encoding != Encoding.PLAIN) {
            throw new IllegalStateException("column " + column + " has a page in " + encoding
                    + " though its chunk lists only " + HANDLED);
        }
        dictionaryEncoded = false;
        if (use == Use.KEY) {
            ensureIds(count);
            plainKeys(data, valuesAt, count, ids);
        }
    }

    private void readDictionary(DictionaryPage page) {
        ByteBuffer bytes;
        try {
            bytes = page.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dictionary of " + column, e);
        }
        int n = page.getDictionarySize();
        int at = bytes.position();
        if (use == Use.KEY) {
            dictionaryKeys = new int[n];
            plainKeys(bytes, at, n, dictionaryKeys);
        } else if (use == Use.LONG || type == PrimitiveTypeName.INT64 || type == PrimitiveTypeName.INT32) {
            dictionaryLongs = new long[n];
            for (int i = 0; i < n; i++) {
                dictionaryLongs[i] = type == PrimitiveTypeName.INT64 ? bytes.getLong(at + 8 * i) : bytes.getInt(at + 4 * i);
            }
            if (use == Use.DOUBLE) {
                dictionaryDoubles = new double[n];
                for (int i = 0; i < n; i++) {
                    dictionaryDoubles[i] = dictionaryLongs[i];
                }
            }
        } else {
            dictionaryDoubles = new double[n];
            for (int i = 0; i < n; i++) {
                dictionaryDoubles[i] = type == PrimitiveTypeName.DOUBLE ? bytes.getDouble(at + 8 * i)
                        : bytes.getFloat(at + 4 * i);
            }
        }
    }

    /** Looks up {@code count} plain-encoded keys at {@code at} (as their text for integer keys). */
    private void plainKeys(ByteBuffer bytes, int at, int count, int[] out) {
        switch (type) {
            case BINARY -> {
                byte[] array;
                int base;
                if (bytes.hasArray()) {
                    array = bytes.array();
                    base = bytes.arrayOffset();
                } else {
                    array = new byte[bytes.limit()];
                    bytes.duplicate().position(0).get(array);
                    base = 0;
                }
                for (int i = 0; i < count; i++) {
                    int length = bytes.getInt(at);
                    out[i] = keys.id(array, base + at + 4, length);
                    at += 4 + length;
                }
            }
            case INT64 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = keys.id(Long.toString(bytes.getLong(at + 8 * i)));
                }
            }
            case INT32 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = keys.id(Integer.toString(bytes.getInt(at + 4 * i)));
                }
            }
            default -> throw new IllegalStateException("column " + column + " cannot be a key column");
        }
    }

    private void ensureIds(int count) {
        if (ids.length < count) {
            ids = new int[Math.max(count, 1024)];
        }
    }

    private void ensureLevels(int rows) {
        if (levels.length < rows) {
            levels = new int[Math.max(rows, 1024)];
        }
    }

    private static int bitWidth(int max) {
        return 32 - Integer.numberOfLeadingZeros(max);
    }
}
