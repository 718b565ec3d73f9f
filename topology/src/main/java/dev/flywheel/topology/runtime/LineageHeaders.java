package dev.flywheel.topology.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Writes and reads the lineage headers of a record. Values are UTF-8 text (numbers in decimal,
 * causes comma-separated) so that command-line tools such as {@code kcat} show them as they are.
 * Writing replaces earlier lineage headers rather than adding a second set.
 */
public final class LineageHeaders {

    /** Ingest time, epoch milliseconds. */
    public static final String INGEST_TIME = "flywheel.ingest.time";
    /** Source topic. */
    public static final String SOURCE_TOPIC = "flywheel.source.topic";
    /** Source partition. */
    public static final String SOURCE_PARTITION = "flywheel.source.partition";
    /** Source offset. */
    public static final String SOURCE_OFFSET = "flywheel.source.offset";
    /** Ids of the causing events, comma-separated. */
    public static final String CAUSES = "flywheel.causes";

    private LineageHeaders() {
    }

    /**
     * Writes lineage into headers, replacing any earlier lineage.
     *
     * @param headers the record's headers
     * @param lineage the lineage
     */
    public static void write(Headers headers, Lineage lineage) {
        put(headers, INGEST_TIME, Long.toString(lineage.ingestTime().toEpochMilli()));
        put(headers, SOURCE_TOPIC, lineage.sourceTopic());
        put(headers, SOURCE_PARTITION, Integer.toString(lineage.sourcePartition()));
        put(headers, SOURCE_OFFSET, Long.toString(lineage.sourceOffset()));
        headers.remove(CAUSES);
        if (!lineage.causes().isEmpty()) {
            headers.add(CAUSES, String.join(",", lineage.causes()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Writes the lineage of the record being processed: its coordinates and the ingest time.
     *
     * @param headers the headers of the record to forward
     * @param source the coordinates of the input record ({@code context.recordMetadata()})
     * @param ingestTime when it was accepted
     */
    public static void stamp(Headers headers, RecordMetadata source, Instant ingestTime) {
        write(headers, new Lineage(ingestTime, source.topic(), source.partition(), source.offset(), List.of()));
    }

    /**
     * Writes the lineage of the record being processed, as {@link #stamp(Headers, RecordMetadata, Instant)} does,
     * with the source topic's name already in UTF-8: a stage that stamps every record encodes it once, not per
     * record.
     *
     * @param headers the headers of the record to forward
     * @param sourceTopic the input record's topic, UTF-8 (the array is shared, not copied: do not change it)
     * @param partition the input record's partition
     * @param offset the input record's offset
     * @param ingestTimeMillis when it was accepted, epoch milliseconds
     */
    public static void stamp(Headers headers, byte[] sourceTopic, int partition, long offset, long ingestTimeMillis) {
        put(headers, INGEST_TIME, ascii(ingestTimeMillis));
        put(headers, SOURCE_TOPIC, sourceTopic);
        put(headers, SOURCE_PARTITION, ascii(partition));
        put(headers, SOURCE_OFFSET, ascii(offset));
        headers.remove(CAUSES);
    }

    /**
     * Reads lineage from headers.
     *
     * @param headers the record's headers
     * @return the lineage, or empty when the headers carry none or it is malformed
     */
    public static Optional<Lineage> read(Headers headers) {
        Optional<String> time = text(headers, INGEST_TIME);
        Optional<String> topic = text(headers, SOURCE_TOPIC);
        Optional<String> partition = text(headers, SOURCE_PARTITION);
        Optional<String> offset = text(headers, SOURCE_OFFSET);
        if (time.isEmpty() || topic.isEmpty() || partition.isEmpty() || offset.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<String> causes = text(headers, CAUSES).map(c -> Arrays.asList(c.split(","))).orElse(List.of());
            return Optional.of(new Lineage(Instant.ofEpochMilli(Long.parseLong(time.get())), topic.get(),
                    Integer.parseInt(partition.get()), Long.parseLong(offset.get()), causes));
        } catch (NumberFormatException malformed) {
            return Optional.empty();
        }
    }

    private static void put(Headers headers, String key, String value) {
        put(headers, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(Headers headers, String key, byte[] value) {
        headers.remove(key);
        headers.add(key, value);
    }

    /** The decimal text of a number as ASCII bytes, without the String in between. */
    private static byte[] ascii(long value) {
        if (value == Long.MIN_VALUE) {
            return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        }
        long rest = Math.abs(value);
        int digits = 1;
        for (long t = rest; t >= 10; t /= 10) {
            digits++;
        }
        int length = value < 0 ? digits + 1 : digits;
        byte[] text = new byte[length];
        for (int i = length - 1; i >= length - digits; i--) {
            text[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        if (value < 0) {
            text[0] = '-';
        }
        return text;
    }

    private static Optional<String> text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
