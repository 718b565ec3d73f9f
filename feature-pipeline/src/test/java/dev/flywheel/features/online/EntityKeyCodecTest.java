package dev.flywheel.features.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import feast.proto.types.ValueProto.Value;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityKeyCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    private static String hex(String text) {
        return HEX.formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void shouldSerializeWorkedExampleOfFactsInVersion2() {
        // given: FACTS.md, driver_id int64 1001, project proj
        EntityKey key = EntityKey.of("driver_id", Value.newBuilder().setInt64Val(1001).build());

        // when
        byte[] redisKey = EntityKeyCodec.redisKey(key, "proj", EntityKeySerialization.V2);

        // then: 02000000 "driver_id" 04000000 08000000 e903000000000000 "proj"
        assertThat(HEX.formatHex(redisKey))
                .isEqualTo("02000000" + hex("driver_id") + "04000000" + "08000000" + "e903000000000000" + hex("proj"));
    }

    @Test
    void shouldSerializeWorkedExampleInVersion3WithKeyCountAndNameLength() {
        EntityKey key = EntityKey.of("driver_id", Value.newBuilder().setInt64Val(1001).build());

        byte[] redisKey = EntityKeyCodec.redisKey(key, "proj", EntityKeySerialization.V3);

        assertThat(HEX.formatHex(redisKey)).isEqualTo("01000000" + "02000000" + "09000000" + hex("driver_id")
                + "04000000" + "08000000" + "e903000000000000" + hex("proj"));
    }

    @Test
    void shouldSortJoinKeysAndWriteAllNamesBeforeAllValues() {
        // given: keys given out of order, a string and an int32
        Map<String, Value> values = new LinkedHashMap<>();
        values.put("zone", Value.newBuilder().setStringVal("eu").build());
        values.put("customer", Value.newBuilder().setInt32Val(-2).build());

        // when
        byte[] v2 = EntityKeyCodec.serialize(EntityKey.of(values), EntityKeySerialization.V2);
        byte[] v3 = EntityKeyCodec.serialize(EntityKey.of(values), EntityKeySerialization.V3);

        // then
        assertThat(HEX.formatHex(v2)).isEqualTo("02000000" + hex("customer") + "02000000" + hex("zone")
                + "03000000" + "04000000" + "feffffff" + "02000000" + "02000000" + hex("eu"));
        assertThat(HEX.formatHex(v3)).isEqualTo("02000000" + "02000000" + "08000000" + hex("customer")
                + "02000000" + "04000000" + hex("zone")
                + "03000000" + "04000000" + "feffffff" + "02000000" + "02000000" + hex("eu"));
    }

    @Test
    void shouldEncodeStringValuesAsUtf8WithTheirByteLength() {
        EntityKey key = EntityKey.of("card_id", Value.newBuilder().setStringVal("é1").build());

        byte[] serialized = EntityKeyCodec.serialize(key, EntityKeySerialization.V2);

        assertThat(HEX.formatHex(serialized)).endsWith("02000000" + "03000000" + "c3a931");
    }

    @Test
    void shouldRejectValueTypesFeastCannotKeyBy() {
        EntityKey key = EntityKey.of("score", Value.newBuilder().setDoubleVal(1.5).build());

        assertThatThrownBy(() -> EntityKeyCodec.serialize(key, EntityKeySerialization.V3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("score").hasMessageContaining("DOUBLE_VAL");
    }

    @Test
    void shouldKeyALayoutsRowsByTheSerializedKeyFollowedByTheProject() {
        // given a key of a bytes and an int64 join key, in a project with a non-ASCII name
        Map<String, Value> values = new LinkedHashMap<>();
        values.put("device", Value.newBuilder().setBytesVal(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2}))
                .build());
        values.put("account", Value.newBuilder().setInt64Val(7L).build());
        EntityKey key = EntityKey.of(values);

        // when
        byte[] layoutKey = new RedisLayout("prøj", EntityKeySerialization.V3).key(key);

        // then
        assertThat(HEX.formatHex(layoutKey)).isEqualTo("02000000"
                + "02000000" + "07000000" + hex("account") + "02000000" + "06000000" + hex("device")
                + "04000000" + "08000000" + "0700000000000000" + "01000000" + "02000000" + "0102"
                + HEX.formatHex("prøj".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(layoutKey).isEqualTo(EntityKeyCodec.redisKey(key, "prøj", EntityKeySerialization.V3));
    }
}
