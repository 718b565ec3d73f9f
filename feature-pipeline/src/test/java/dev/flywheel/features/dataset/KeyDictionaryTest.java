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
}
