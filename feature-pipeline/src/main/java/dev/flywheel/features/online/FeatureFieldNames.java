package dev.flywheel.features.online;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/**
 * The hash field names of Feast's Redis layout: per feature the 4 little-endian bytes of murmur3_32 (seed 0)
 * of the UTF-8 bytes of {@code "<view>:<feature>"}, and per view the plain field {@code _ts:<view>}.
 *
 * <p>Guava's {@code murmur3_32_fixed} hashes the UTF-8 bytes exactly as Python's {@code mmh3} does; the older
 * {@code murmur3_32} that Feast's Java server calls differs only for strings with characters outside the BMP.
 */
public final class FeatureFieldNames {

    private static final HashFunction MURMUR3 = Hashing.murmur3_32_fixed();

    private FeatureFieldNames() {
    }

    /** The hash field of a feature: 4 bytes, little-endian murmur3_32 of {@code view:feature}. */
    public static byte[] featureField(String view, String feature) {
        return murmur3(view + ":" + feature);
    }

    /** The little-endian murmur3_32 (seed 0) of the UTF-8 bytes of a text. */
    public static byte[] murmur3(String text) {
        return MURMUR3.hashBytes(text.getBytes(StandardCharsets.UTF_8)).asBytes();
    }

    /** The hash field holding a view's event time: {@code _ts:<view>} in UTF-8. */
    public static byte[] timestampField(String view) {
        return ("_ts:" + view).getBytes(StandardCharsets.UTF_8);
    }
}
