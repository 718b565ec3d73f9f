package dev.flywheel.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

class KeyDictionaryTest {

    @Test
    void shouldNumberKeysInOrderOfFirstAppearanceAndFindThemByText() {
        KeyDictionary keys = new KeyDictionary();

        assertThat(keys.add("b")).isZero();
        assertThat(keys.add("a")).isEqualTo(1);
        assertThat(keys.add("b")).isZero();

        assertThat(keys.id("a")).isEqualTo(1);
        assertThat(keys.id("c")).isEqualTo(-1);
        assertThat(keys.size()).isEqualTo(2);
    }

    @Test
    void shouldFindKeysByTheBytesParquetReadersHandOver() {
        KeyDictionary keys = new KeyDictionary();
        keys.add("card-7");
        keys.add("ünï");
        byte[] padded = "xxcard-7yy".getBytes(StandardCharsets.UTF_8);

        assertThat(keys.id(Binary.fromConstantByteArray(padded, 2, 6))).isZero();
        assertThat(keys.id(Binary.fromConstantByteBuffer(ByteBuffer.wrap("ünï".getBytes(StandardCharsets.UTF_8)))))
                .isEqualTo(1);
        assertThat(keys.id(Binary.fromString("card-8"))).isEqualTo(-1);
    }

    @Test
    void shouldFindEveryOneOfManyKeysByBytesIncludingDirectBuffersAndKeysAddedAfterALookup() {
        KeyDictionary keys = new KeyDictionary();
        for (int i = 0; i < 10_000; i++) {
            keys.add("e" + i);
        }
        assertThat(keys.id(Binary.fromString("e0"))).isZero();
        keys.add(""); // a key added after a lookup is found too
        keys.add("é-" + 3);

        for (int i = 0; i < 10_000; i++) {
            assertThat(keys.id(Binary.fromString("e" + i))).as("e%d", i).isEqualTo(i);
            assertThat(keys.id(Binary.fromString("x" + i))).as("x%d", i).isEqualTo(-1);
        }
        assertThat(keys.id(Binary.fromString(""))).isEqualTo(10_000);
        byte[] utf8 = "é-3".getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(utf8.length + 3).put(new byte[] {1, 2, 3}).put(utf8);
        direct.position(3);
        assertThat(keys.id(Binary.fromConstantByteBuffer(direct))).isEqualTo(10_001);
    }
}
