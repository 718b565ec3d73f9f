package dev.flywheel.features.view;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where a record was read from {@code <source>.valid}, carried in headers across the view's repartition topic,
 * so a record refused after the repartition (LATE) still reaches the DLQ with its source coordinates and
 * original key, not those of the internal topic. The headers never leave the view: rows and DLQ records are
 * written without them.
 *
 * @param partition the partition of {@code <source>.valid}
 * @param offset the offset there
 * @param key the original key bytes, null for a null key
 */
record Origin(int partition, long offset, byte[] key) {

    static final String PARTITION = "flywheel.features.origin.partition";
    static final String OFFSET = "flywheel.features.origin.offset";
    static final String KEY = "flywheel.features.origin.key";
    private static final List<String> ALL = List.of(PARTITION, OFFSET, KEY);

    /** The origin of the record being processed. */
    static Origin of(RecordMetadata metadata, byte[] key) {
        return new Origin(metadata.partition(), metadata.offset(), key);
    }

    /** Adds the origin headers (replacing any). */
    void writeTo(Headers headers) {
        ALL.forEach(headers::remove);
        headers.add(PARTITION, Integer.toString(partition).getBytes(StandardCharsets.US_ASCII));
        headers.add(OFFSET, Long.toString(offset).getBytes(StandardCharsets.US_ASCII));
        if (key != null) {
            headers.add(KEY, key);
        }
    }

    /** The origin a repartitioned record carries; empty for a record read from the source topic itself. */
    static Optional<Origin> readFrom(Headers headers) {
        Header partition = headers.lastHeader(PARTITION);
        Header offset = headers.lastHeader(OFFSET);
        if (partition == null || offset == null) {
            return Optional.empty();
        }
        Header key = headers.lastHeader(KEY);
        return Optional.of(new Origin(Integer.parseInt(text(partition)), Long.parseLong(text(offset)),
                key == null ? null : key.value()));
    }

    /** Whether the headers carry any origin header (a record that came through the view's repartition topic). */
    static boolean carriedBy(Headers headers) {
        return headers.lastHeader(PARTITION) != null || headers.lastHeader(OFFSET) != null
                || headers.lastHeader(KEY) != null;
    }

    /** The headers without the origin ones, as the source record had them. */
    static Headers without(Headers headers) {
        return new RecordHeaders(StreamSupport.stream(headers.spliterator(), false)
                .filter(header -> !ALL.contains(header.key())).toArray(Header[]::new));
    }

    private static String text(Header header) {
        return new String(header.value(), StandardCharsets.US_ASCII);
    }
}
