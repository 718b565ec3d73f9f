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
 * Writes and reads the lineage of a record: ONE header, {@value #LINEAGE}, whose value is the UTF-8 text
 * {@code <source topic>:<partition>:<offset>@<ingest time, epoch ms>} (for example
 * {@code transactions:2:1234@1733616000000}), so that command-line tools such as {@code kcat} show it as it is,
 * plus {@value #CAUSES} (comma-separated event ids) when there are causes. Writing replaces earlier lineage
 * rather than adding a second set.
 *
 * <p>One header rather than one per part: a header costs its key's bytes and a parse in every producer, broker
 * and consumer it crosses, on every record of every topic behind the ingestion stage; four lineage headers made
 * a valid record about 60% larger than its 200-byte payload and doubled the ingestion stage's CPU per record
 * (bench/README.md, issue #3). Records written by earlier versions carry the four headers of the older layout
 * ({@value #INGEST_TIME}, {@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION}, {@value #SOURCE_OFFSET}); they are
 * still read.
 */
public final class LineageHeaders {

    /** The lineage header: {@code <source topic>:<partition>:<offset>@<ingest time, epoch ms>}. */
    public static final String LINEAGE = "flywheel.lineage";
    /** Ids of the causing events, comma-separated. */
    public static final String CAUSES = "flywheel.causes";
    /** Ingest time, epoch milliseconds (older layout, read only). */
    public static final String INGEST_TIME = "flywheel.ingest.time";
    /** Source topic (older layout, read only). */
    public static final String SOURCE_TOPIC = "flywheel.source.topic";
    /** Source partition (older layout, read only). */
    public static final String SOURCE_PARTITION = "flywheel.source.partition";
    /** Source offset (older layout, read only). */
    public static final String SOURCE_OFFSET = "flywheel.source.offset";

    private static final List<String> OLDER_LAYOUT = List.of(INGEST_TIME, SOURCE_TOPIC, SOURCE_PARTITION,
            SOURCE_OFFSET);

    private LineageHeaders() {
    }

    /**
     * Writes lineage into headers, replacing any earlier lineage (of either layout).
     *
     * @param headers the record's headers
     * @param lineage the lineage
     */
    public static void write(Headers headers, Lineage lineage) {
        stamp(headers, lineage.sourceTopic().getBytes(StandardCharsets.UTF_8), lineage.sourcePartition(),
                lineage.sourceOffset(), lineage.ingestTime().toEpochMilli());
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
     * @param sourceTopic the input record's topic, UTF-8 (read, not kept)
     * @param partition the input record's partition
     * @param offset the input record's offset
     * @param ingestTimeMillis when it was accepted, epoch milliseconds
     */
    public static void stamp(Headers headers, byte[] sourceTopic, int partition, long offset, long ingestTimeMillis) {
        byte[] value = new byte[sourceTopic.length + 3 + digits(partition) + digits(offset) + digits(ingestTimeMillis)];
        System.arraycopy(sourceTopic, 0, value, 0, sourceTopic.length);
        int at = sourceTopic.length;
        value[at++] = ':';
        at = ascii(partition, value, at);
        value[at++] = ':';
        at = ascii(offset, value, at);
        value[at++] = '@';
        ascii(ingestTimeMillis, value, at);
        headers.remove(LINEAGE);
        headers.remove(CAUSES);
        if (headers.lastHeader(SOURCE_TOPIC) != null) {
            OLDER_LAYOUT.forEach(headers::remove);
        }
        headers.add(LINEAGE, value);
    }

    /**
     * Reads lineage from headers, of this layout or the older one.
     *
     * @param headers the record's headers
     * @return the lineage, or empty when the headers carry none or it is malformed
     */
    public static Optional<Lineage> read(Headers headers) {
        List<String> causes = text(headers, CAUSES).map(c -> Arrays.asList(c.split(","))).orElse(List.of());
        Optional<String> lineage = text(headers, LINEAGE);
        if (lineage.isPresent()) {
            return parse(lineage.get(), causes);
        }
        Optional<String> time = text(headers, INGEST_TIME);
        Optional<String> topic = text(headers, SOURCE_TOPIC);
        Optional<String> partition = text(headers, SOURCE_PARTITION);
        Optional<String> offset = text(headers, SOURCE_OFFSET);
        if (time.isEmpty() || topic.isEmpty() || partition.isEmpty() || offset.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Lineage(Instant.ofEpochMilli(Long.parseLong(time.get())), topic.get(),
                    Integer.parseInt(partition.get()), Long.parseLong(offset.get()), causes));
        } catch (NumberFormatException malformed) {
            return Optional.empty();
        }
    }

    /** Parses {@code topic:partition:offset@time} from the right: a topic name holds no ':' or '@'. */
    private static Optional<Lineage> parse(String text, List<String> causes) {
        int at = text.lastIndexOf('@');
        int offsetColon = at < 0 ? -1 : text.lastIndexOf(':', at);
        int partitionColon = offsetColon <= 0 ? -1 : text.lastIndexOf(':', offsetColon - 1);
        if (partitionColon <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Lineage(Instant.ofEpochMilli(Long.parseLong(text.substring(at + 1))),
                    text.substring(0, partitionColon),
                    Integer.parseInt(text.substring(partitionColon + 1, offsetColon)),
                    Long.parseLong(text.substring(offsetColon + 1, at)), causes));
        } catch (NumberFormatException malformed) {
            return Optional.empty();
        }
    }

    /** The length of a number's decimal text. */
    private static int digits(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        int digits = value < 0 ? 2 : 1;
        for (long rest = Math.abs(value); rest >= 10; rest /= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes a number's decimal text as ASCII at {@code at}, without a String in between; returns the end. */
    private static int ascii(long value, byte[] into, int at) {
        int length = digits(value);
        if (value == Long.MIN_VALUE) {
            byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, into, at, length);
            return at + length;
        }
        long rest = Math.abs(value);
        for (int i = at + length - 1; i >= at; i--) {
            into[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        if (value < 0) {
            into[at] = '-';
        }
        return at + length;
    }

    private static Optional<String> text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
