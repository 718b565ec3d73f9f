package dev.flywheel.features.view;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/** The accumulator of each aggregation, and the factory that picks one for a feature. */
final class Accumulators {

    private Accumulators() {
    }

    /** Returns a fresh accumulator for a feature. */
    static Accumulator create(FeatureDef feature) {
        return switch (feature.aggregation()) {
            case COUNT -> new Count(feature.field().isEmpty());
            case SUM -> new Sum(feature.outputType() == ValueType.LONG);
            case AVG -> new Avg();
            case MIN -> new Extreme(false);
            case MAX -> new Extreme(true);
            case FIRST -> new Ordered(true, false);
            case LAST -> new Ordered(false, false);
            case PASSTHROUGH -> new Ordered(false, true);
            case DISTINCT_COUNT -> new Distinct();
        };
    }

    /** Number of records, or of non-null values when the count names a field. */
    static final class Count implements Accumulator {
        private final boolean records;
        private long count;

        Count(boolean records) {
            this.records = records;
        }

        @Override
        public void add(long eventTime, Object value) {
            if (records || value != null) {
                count++;
            }
        }

        @Override
        public void merge(Accumulator other) {
            count += ((Count) other).count;
        }

        @Override
        public Object result() {
            return count;
        }

        @Override
        public void write(DataOutput out) throws IOException {
            out.writeLong(count);
        }

        @Override
        public void read(DataInput in) throws IOException {
            count = in.readLong();
        }
    }

    /** Sum as a long for whole numbers (exact), as a double otherwise; null before the first value. */
    static final class Sum implements Accumulator {
        private final boolean integral;
        private boolean seen;
        private long whole;
        private double real;

        Sum(boolean integral) {
            this.integral = integral;
        }

        @Override
        public void add(long eventTime, Object value) {
            if (value != null) {
                seen = true;
                if (integral) {
                    whole += ((Number) value).longValue();
                } else {
                    real += ((Number) value).doubleValue();
                }
            }
        }

        @Override
        public void merge(Accumulator other) {
            Sum sum = (Sum) other;
            seen |= sum.seen;
            whole += sum.whole;
            real += sum.real;
        }

        @Override
        public Object result() {
            return !seen ? null : integral ? (Object) whole : (Object) real;
        }

        @Override
        public void write(DataOutput out) throws IOException {
            out.writeBoolean(seen);
            out.writeLong(whole);
            out.writeDouble(real);
        }

        @Override
        public void read(DataInput in) throws IOException {
            seen = in.readBoolean();
            whole = in.readLong();
            real = in.readDouble();
        }
    }

    /** Mean of the non-null values (sum as a double over a count); null before the first value. */
    static final class Avg implements Accumulator {
        private long count;
        private double sum;

        @Override
        public void add(long eventTime, Object value) {
            if (value != null) {
                count++;
                sum += ((Number) value).doubleValue();
            }
        }

        @Override
        public void merge(Accumulator other) {
            Avg avg = (Avg) other;
            count += avg.count;
            sum += avg.sum;
        }

        @Override
        public Object result() {
            return count == 0 ? null : sum / count;
        }

        @Override
        public void write(DataOutput out) throws IOException {
            out.writeLong(count);
            out.writeDouble(sum);
        }

        @Override
        public void read(DataInput in) throws IOException {
            count = in.readLong();
            sum = in.readDouble();
        }
    }

    /** Smallest or largest non-null value. */
    static final class Extreme implements Accumulator {
        private final boolean max;
        private Object value;

        Extreme(boolean max) {
            this.max = max;
        }

        @Override
        public void add(long eventTime, Object candidate) {
            if (candidate == null) {
                return;
            }
            if (value == null) {
                value = candidate;
                return;
            }
            int order = ValueCodec.compare(candidate, value);
            if (max ? order > 0 : order < 0) {
                value = candidate;
            }
        }

        @Override
        public void merge(Accumulator other) {
            add(0, ((Extreme) other).value);
        }

        @Override
        public Object result() {
            return value;
        }

        @Override
        public void write(DataOutput out) throws IOException {
            ValueCodec.write(out, value);
        }

        @Override
        public void read(DataInput in) throws IOException {
            value = ValueCodec.read(in);
        }
    }

    /**
     * The value of the earliest ({@code first}) or latest ({@code last}, {@code passthrough}) event by
     * event time. Ties go to the event that arrived first for {@code first} and last for the others.
     * {@code first} and {@code last} skip nulls; {@code passthrough} copies a null as well.
     */
    static final class Ordered implements Accumulator {
        private final boolean earliest;
        private final boolean keepsNulls;
        private boolean seen;
        private long time;
        private Object value;

        Ordered(boolean earliest, boolean keepsNulls) {
            this.earliest = earliest;
            this.keepsNulls = keepsNulls;
        }

        @Override
        public void add(long eventTime, Object candidate) {
            if (candidate == null && !keepsNulls) {
                return;
            }
            if (!seen || (earliest ? eventTime < time : eventTime >= time)) {
                seen = true;
                time = eventTime;
                value = candidate;
            }
        }

        @Override
        public void merge(Accumulator other) {
            Ordered ordered = (Ordered) other;
            if (ordered.seen) {
                add(ordered.time, ordered.value);
            }
        }

        @Override
        public Object result() {
            return value;
        }

        @Override
        public void write(DataOutput out) throws IOException {
            out.writeBoolean(seen);
            out.writeLong(time);
            ValueCodec.write(out, value);
        }

        @Override
        public void read(DataInput in) throws IOException {
            seen = in.readBoolean();
            time = in.readLong();
            value = ValueCodec.read(in);
        }
    }

    /**
     * Exact number of distinct non-null values: the values themselves are kept, which windows bound
     * (an all-time distinct count grows with its entity's distinct values; see DESIGN.md).
     */
    static final class Distinct implements Accumulator {
        private final Set<Object> values = new HashSet<>();

        @Override
        public void add(long eventTime, Object value) {
            if (value != null) {
                values.add(value);
            }
        }

        @Override
        public void merge(Accumulator other) {
            values.addAll(((Distinct) other).values);
        }

        @Override
        public Object result() {
            return (long) values.size();
        }

        @Override
        public void write(DataOutput out) throws IOException {
            out.writeInt(values.size());
            for (Object value : values) {
                ValueCodec.write(out, value);
            }
        }

        @Override
        public void read(DataInput in) throws IOException {
            int size = in.readInt();
            for (int i = 0; i < size; i++) {
                values.add(ValueCodec.read(in));
            }
        }
    }
}
