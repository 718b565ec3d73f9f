package dev.flywheel.features.online;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;

class FeatureFieldNamesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void shouldMatchPublishedMurmur3Vectors() {
        // mmh3's README: mmh3.hash("foo") == -156908512 (seed 0) and mmh3.hash("foo", 42) == -1322301282
        assertThat(ByteBuffer.wrap(FeatureFieldNames.murmur3("foo")).order(ByteOrder.LITTLE_ENDIAN).getInt())
                .isEqualTo(-156_908_512);
        assertThat(Hashing.murmur3_32_fixed(42).hashString("foo", StandardCharsets.UTF_8).asInt()).isEqualTo(-1_322_301_282);
        // Wikipedia's MurmurHash3 table: "" with seed 0 is 0
        assertThat(FeatureFieldNames.murmur3("")).containsExactly(0, 0, 0, 0);
    }

    @Test
    void shouldWriteTheHashLittleEndianAsFeastDoes() {
        // -156908512 == 0xf6a5c420; Python's struct.pack("<Q", h)[:4] gives 20 c4 a5 f6
        assertThat(HEX.formatHex(FeatureFieldNames.murmur3("foo"))).isEqualTo("20c4a5f6");
    }

    @Test
    void shouldAgreeByteForByteWithCommonsCodecMurmur3() {
        for (String ref : List.of("driver_hourly_stats:conv_rate", "card_spend:txn_count_1h", "v:f", "vue:prix_€",
                "emoji:😀", "a-much-longer-view-name_with_digits_0123456789:feature_name_that_is_long")) {
            byte[] utf8 = ref.getBytes(StandardCharsets.UTF_8);
            int codec = MurmurHash3.hash32x86(utf8, 0, utf8.length, 0);
            byte[] expected = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(codec).array();

            assertThat(FeatureFieldNames.featureField(ref.substring(0, ref.indexOf(':')), ref.substring(ref.indexOf(':') + 1)))
                    .as(ref).containsExactly(expected);
        }
    }

    @Test
    void shouldNameTimestampFieldPlainly() {
        assertThat(new String(FeatureFieldNames.timestampField("card_spend"), StandardCharsets.UTF_8)).isEqualTo("_ts:card_spend");
    }
}
