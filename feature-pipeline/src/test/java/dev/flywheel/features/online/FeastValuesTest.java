package dev.flywheel.features.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import feast.proto.types.ValueProto.Null;
import feast.proto.types.ValueProto.Value;
import feast.proto.types.ValueProto.ValueType;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class FeastValuesTest {

    @Test
    void shouldMapAvroValuesToFeastValues() {
        assertThat(FeastValues.of(7L)).isEqualTo(Value.newBuilder().setInt64Val(7).build());
        assertThat(FeastValues.of(7)).isEqualTo(Value.newBuilder().setInt32Val(7).build());
        assertThat(FeastValues.of(1.5d)).isEqualTo(Value.newBuilder().setDoubleVal(1.5).build());
        assertThat(FeastValues.of(1.5f)).isEqualTo(Value.newBuilder().setFloatVal(1.5f).build());
        assertThat(FeastValues.of(new Utf8("DE"))).isEqualTo(Value.newBuilder().setStringVal("DE").build());
        assertThat(FeastValues.of(true)).isEqualTo(Value.newBuilder().setBoolVal(true).build());
        assertThat(FeastValues.of(ByteBuffer.wrap(new byte[] {1, 2})))
                .isEqualTo(Value.newBuilder().setBytesVal(ByteString.copyFrom(new byte[] {1, 2})).build());
        assertThat(FeastValues.of(Instant.ofEpochSecond(1_700_000_000L, 5)))
                .isEqualTo(Value.newBuilder().setUnixTimestampVal(1_700_000_000L).build());
    }

    @Test
    void shouldMapNullToTheEmptyValueThatReadsAsNull() {
        Value value = FeastValues.of(null);

        assertThat(value.getValCase()).isEqualTo(Value.ValCase.VAL_NOT_SET);
        assertThat(value.toByteArray()).isEmpty();
        assertThat(FeastValues.isNull(FeastValues.parseValue(new byte[0]))).isTrue();
        assertThat(FeastValues.isNull(Value.newBuilder().setNullVal(Null.NULL).build())).isTrue();
        assertThat(FeastValues.typeOf(value)).isEqualTo(ValueType.Enum.NULL);
    }

    @Test
    void shouldRejectTypesWithoutFeastValue() {
        assertThatThrownBy(() -> FeastValues.of(List.of(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRoundTripTimestampsAtFullPrecision() {
        Instant instant = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

        Timestamp timestamp = FeastValues.timestamp(instant);

        assertThat(timestamp.getSeconds()).isEqualTo(1_700_000_000L);
        assertThat(timestamp.getNanos()).isEqualTo(123_456_789);
        assertThat(FeastValues.parseTimestamp(timestamp.toByteArray())).contains(instant);
        assertThat(FeastValues.parseTimestamp(null)).isEmpty();
    }

    @Test
    void shouldReportCorruptStoredBytes() {
        assertThatThrownBy(() -> FeastValues.parseValue(new byte[] {(byte) 0xff, (byte) 0xff}))
                .isInstanceOf(CorruptOnlineValueException.class);
        assertThatThrownBy(() -> FeastValues.parseTimestamp(new byte[] {(byte) 0x0a}))
                .isInstanceOf(CorruptOnlineValueException.class);
    }

    @Test
    void shouldParseStoredValuesExactlyAsTheGeneratedParserDoes() throws Exception {
        List<Value> values = List.of(Value.getDefaultInstance(),
                Value.newBuilder().setInt64Val(-7).build(), Value.newBuilder().setInt64Val(Long.MAX_VALUE).build(),
                Value.newBuilder().setInt32Val(-1).build(), Value.newBuilder().setInt32Val(0).build(),
                Value.newBuilder().setDoubleVal(-1.5).build(), Value.newBuilder().setFloatVal(2.25f).build(),
                Value.newBuilder().setStringVal("Zürich €").build(), Value.newBuilder().setStringVal("").build(),
                Value.newBuilder().setBoolVal(true).build(), Value.newBuilder().setBoolVal(false).build(),
                Value.newBuilder().setBytesVal(ByteString.copyFrom(new byte[] {0, -1})).build(),
                Value.newBuilder().setUnixTimestampVal(1_700_000_000L).build(),
                Value.newBuilder().setNullVal(Null.NULL).build(),
                Value.newBuilder().setInt64ListVal(feast.proto.types.ValueProto.Int64List.newBuilder().addVal(1).addVal(2)).build());

        for (Value value : values) {
            byte[] bytes = value.toByteArray();
            assertThat(FeastValues.parseValue(bytes)).isEqualTo(Value.parseFrom(bytes)).isEqualTo(value);
        }
        byte[] twoFields = ByteBuffer.allocate(100).put(Value.newBuilder().setInt64Val(1).build().toByteArray())
                .put(Value.newBuilder().setStringVal("last wins").build().toByteArray()).flip().array();
        byte[] concatenated = java.util.Arrays.copyOf(twoFields, 2 + 11);
        assertThat(FeastValues.parseValue(concatenated)).isEqualTo(Value.parseFrom(concatenated))
                .isEqualTo(Value.newBuilder().setStringVal("last wins").build());
    }

    @Test
    void shouldReportAStoredStringThatIsNotUtf8AsCorrupt() {
        byte[] notUtf8 = {(byte) (Value.STRING_VAL_FIELD_NUMBER << 3 | 2), 1, (byte) 0xff};

        assertThatThrownBy(() -> FeastValues.parseValue(notUtf8)).isInstanceOf(CorruptOnlineValueException.class);
    }

    @Test
    void shouldSerializeTimestampsByteForByteAsProtobufDoes() {
        for (Instant instant : List.of(Instant.EPOCH, Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(1),
                Instant.parse("2026-01-01T00:00:00.250Z"), Instant.ofEpochSecond(-1, 999_999_999),
                Instant.ofEpochSecond(-62_135_596_800L), Instant.ofEpochSecond(253_402_300_799L, 999_999_999))) {
            assertThat(FeastValues.timestampBytes(instant)).as(instant.toString())
                    .isEqualTo(FeastValues.timestamp(instant).toByteArray());
        }
    }

    @Test
    void shouldWriteNumbersAsTheirDecimalText() {
        for (long number : new long[] {0, 7, 9, 10, 99, 100, 1_767_225_600L, 999_999_999, -1, -10, -1_234_567_890_123L,
                999_999_999_999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            assertThat(new String(OnlineStoreWriter.ascii(number), java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo(Long.toString(number));
        }
    }

    @Test
    void shouldWriteValueBytesExactlyAsProtobufDoes() {
        List<Value> values = new java.util.ArrayList<>();
        for (long number : new long[] {0L, 1L, -1L, 127L, 128L, 300L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            values.add(Value.newBuilder().setInt64Val(number).build());
        }
        for (double number : new double[] {0.0, -0.0, 1.5, -12.25, Double.NaN, Double.MAX_VALUE,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE}) {
            values.add(Value.newBuilder().setDoubleVal(number).build());
        }
        for (String text : new String[] {"", "DE", "é1 ✓ 𝄞", "x".repeat(200), "y".repeat(20_000)}) {
            values.add(Value.newBuilder().setStringVal(text).build());
        }
        values.add(FeastValues.NULL);
        values.add(Value.newBuilder().setInt32Val(-3).build());
        values.add(Value.newBuilder().setBoolVal(false).build());
        values.add(Value.newBuilder().setFloatVal(2.5f).build());
        values.add(Value.newBuilder().setBytesVal(ByteString.copyFrom(new byte[] {0, 1, 2})).build());

        for (Value value : values) {
            assertThat(FeastValues.valueBytes(value)).as(value.toString()).isEqualTo(value.toByteArray());
        }
    }
}
