package dev.flywheel.features.dataset;

import java.util.Arrays;

/**
 * One row's feature values in primitive slots (reused from row to row): the columnar join's unit of exchange
 * between readers, the in-memory probe table, spill files and the output writer. Also carries the feature row's
 * entity key id, event time and created time while it travels from a reader to the join.
 */
final class RowValues {

    final ValueKind[] kinds;
    final boolean[] nulls;
    final long[] longs;
    final double[] doubles;
    final String[] strings;
    int key;
    long eventTime;
    long created;

    RowValues(ValueKind[] kinds) {
        this.kinds = kinds.clone();
        this.nulls = new boolean[kinds.length];
        this.longs = new long[kinds.length];
        this.doubles = new double[kinds.length];
        this.strings = new String[kinds.length];
    }

    int size() {
        return kinds.length;
    }

    /** Every value null. */
    void clear() {
        Arrays.fill(nulls, true);
        Arrays.fill(strings, null);
    }

    /** Sets a value from a plain Java object (null, Boolean, Number, text). */
    void set(int i, Object value) {
        nulls[i] = value == null;
        if (value == null) {
            strings[i] = null;
            return;
        }
        switch (kinds[i]) {
            case BOOLEAN -> longs[i] = ((Boolean) value) ? 1 : 0;
            case INT, LONG -> longs[i] = ((Number) value).longValue();
            case FLOAT, DOUBLE -> doubles[i] = ((Number) value).doubleValue();
            default -> strings[i] = value.toString();
        }
    }

    /** A value as a plain Java object of its kind (Boolean, Integer, Long, Float, Double, String), or null. */
    Object get(int i) {
        if (nulls[i]) {
            return null;
        }
        return switch (kinds[i]) {
            case BOOLEAN -> longs[i] != 0;
            case INT -> (int) longs[i];
            case LONG -> longs[i];
            case FLOAT -> (float) doubles[i];
            case DOUBLE -> doubles[i];
            default -> strings[i];
        };
    }
}
