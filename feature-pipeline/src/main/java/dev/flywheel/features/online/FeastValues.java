package dev.flywheel.features.online;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import feast.proto.types.ValueProto.Value;
import feast.proto.types.ValueProto.ValueType;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

/** Conversions between Java values, Feast {@link Value}s and the protobuf timestamps of the online tier. */
public final class FeastValues {

    /** The value Feast writes and reads for a null: no field of the oneof set. */
    public static final Value NULL = Value.getDefaultInstance();

    private FeastValues() {
    }

    /**
     * The Feast value of a Java value as Avro hands it over: {@code Long}, {@code Integer}, {@code Double},
     * {@code Float}, {@code CharSequence}, {@code Boolean}, {@code ByteBuffer}/{@code byte[]}, {@code Instant}
     * (as {@code unix_timestamp_val}, seconds as in Feast); {@code null} is {@link #NULL}.
     *
     * @param value the value
     * @return its Feast value
     * @throws IllegalArgumentException for other types
     */
    public static Value of(Object value) {
        if (value == null) {
            return NULL;
        }
        Value.Builder builder = Value.newBuilder();
        if (value instanceof Long l) {
            return builder.setInt64Val(l).build();
        } else if (value instanceof Integer i) {
            return builder.setInt32Val(i).build();
        } else if (value instanceof Double d) {
            return builder.setDoubleVal(d).build();
        } else if (value instanceof Float f) {
            return builder.setFloatVal(f).build();
        } else if (value instanceof Boolean b) {
            return builder.setBoolVal(b).build();
        } else if (value instanceof CharSequence s) {
            return builder.setStringVal(s.toString()).build();
        } else if (value instanceof ByteBuffer bytes) {
            return builder.setBytesVal(ByteString.copyFrom(bytes.duplicate())).build();
        } else if (value instanceof byte[] bytes) {
            return builder.setBytesVal(ByteString.copyFrom(bytes)).build();
        } else if (value instanceof Instant instant) {
            return builder.setUnixTimestampVal(instant.getEpochSecond()).build();
        }
        throw new IllegalArgumentException("no Feast value type for " + value.getClass().getName());
    }

    /** The Feast value type a value carries, {@code NULL} for an unset or null value. */
    public static ValueType.Enum typeOf(Value value) {
        return switch (value.getValCase()) {
            case BYTES_VAL -> ValueType.Enum.BYTES;
            case STRING_VAL -> ValueType.Enum.STRING;
            case INT32_VAL -> ValueType.Enum.INT32;
            case INT64_VAL -> ValueType.Enum.INT64;
            case DOUBLE_VAL -> ValueType.Enum.DOUBLE;
            case FLOAT_VAL -> ValueType.Enum.FLOAT;
            case BOOL_VAL -> ValueType.Enum.BOOL;
            case UNIX_TIMESTAMP_VAL -> ValueType.Enum.UNIX_TIMESTAMP;
            case BYTES_LIST_VAL -> ValueType.Enum.BYTES_LIST;
            case STRING_LIST_VAL -> ValueType.Enum.STRING_LIST;
            case INT32_LIST_VAL -> ValueType.Enum.INT32_LIST;
            case INT64_LIST_VAL -> ValueType.Enum.INT64_LIST;
            case DOUBLE_LIST_VAL -> ValueType.Enum.DOUBLE_LIST;
            case FLOAT_LIST_VAL -> ValueType.Enum.FLOAT_LIST;
            case BOOL_LIST_VAL -> ValueType.Enum.BOOL_LIST;
            case UNIX_TIMESTAMP_LIST_VAL -> ValueType.Enum.UNIX_TIMESTAMP_LIST;
            case NULL_VAL, VAL_NOT_SET -> ValueType.Enum.NULL;
        };
    }

    /** Whether a value means null: nothing set, or {@code null_val}. */
    public static boolean isNull(Value value) {
        return value.getValCase() == Value.ValCase.VAL_NOT_SET || value.getValCase() == Value.ValCase.NULL_VAL;
    }

    /** The protobuf timestamp of an instant, at full (nanosecond) precision. */
    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /**
     * The serialized protobuf timestamp of an instant, byte for byte {@code timestamp(instant).toByteArray()}
     * (seconds as field 1, nanos as field 2, both varints, each left out when zero), without building the message.
     */
    public static byte[] timestampBytes(Instant instant) {
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano();
        byte[] out = new byte[(seconds == 0 ? 0 : 1 + varintSize(seconds)) + (nanos == 0 ? 0 : 1 + varintSize(nanos))];
        int at = 0;
        if (seconds != 0) {
            out[at++] = 0x08;
            at = writeVarint(out, at, seconds);
        }
        if (nanos != 0) {
            out[at++] = 0x10;
            writeVarint(out, at, nanos);
        }
        return out;
    }

    /**
     * A value's protobuf bytes, as {@code value.toByteArray()} gives them, written directly for the scalar kinds
     * rows carry most (int64, double, string): no {@code CodedOutputStream} per value. Every other kind goes
     * through protobuf. A oneof member is written even when it holds its type's default.
     */
    public static byte[] valueBytes(Value value) {
        switch (value.getValCase()) {
            case INT64_VAL -> {
                long number = value.getInt64Val();
                byte[] out = new byte[1 + varintSize(number)];
                out[0] = (byte) (Value.INT64_VAL_FIELD_NUMBER << 3);
                writeVarint(out, 1, number);
                return out;
            }
            case DOUBLE_VAL -> {
                long bits = Double.doubleToRawLongBits(value.getDoubleVal());
                byte[] out = new byte[1 + Long.BYTES];
                out[0] = (byte) (Value.DOUBLE_VAL_FIELD_NUMBER << 3 | 1);
                for (int i = 0; i < Long.BYTES; i++) {
                    out[1 + i] = (byte) (bits >>> (8 * i));
                }
                return out;
            }
            case STRING_VAL -> {
                byte[] utf8 = value.getStringValBytes().toByteArray();
                byte[] out = new byte[1 + varintSize(utf8.length) + utf8.length];
                out[0] = (byte) (Value.STRING_VAL_FIELD_NUMBER << 3 | 2);
                int at = writeVarint(out, 1, utf8.length);
                System.arraycopy(utf8, 0, out, at, utf8.length);
                return out;
            }
            default -> {
                return value.toByteArray();
            }
        }
    }

    private static int varintSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static int writeVarint(byte[] out, int at, long value) {
        while ((value & ~0x7FL) != 0) {
            out[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    /** The instant of a protobuf timestamp. */
    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /**
     * Parses a stored {@code feast.types.Value}; an empty array is the null value. Scalars are decoded without
     * the generated parser (see {@link ScalarValueDecoder}); the result is the same.
     *
     * @throws CorruptOnlineValueException when the bytes are not a Value
     */
    public static Value parseValue(byte[] bytes) {
        Optional<Value> scalar = ScalarValueDecoder.decode(bytes);
        if (scalar.isPresent()) {
            return scalar.get();
        }
        try {
            return Value.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptOnlineValueException("stored feature value is not a feast.types.Value", e);
        }
    }

    /**
     * Parses a stored {@code _ts:<view>}; empty when the field is absent.
     *
     * @throws CorruptOnlineValueException when the bytes are not a Timestamp
     */
    public static Optional<Instant> parseTimestamp(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(instant(Timestamp.parseFrom(bytes)));
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptOnlineValueException("stored event time is not a google.protobuf.Timestamp", e);
        }
    }
}
