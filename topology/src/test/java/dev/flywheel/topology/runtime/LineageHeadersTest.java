package dev.flywheel.topology.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.junit.jupiter.api.Test;

class LineageHeadersTest {

    @Test
    void shouldReadBackWhatWasWritten() {
        RecordHeaders headers = new RecordHeaders();
        Lineage lineage = new Lineage(Instant.ofEpochMilli(1_700_000_000_123L), "transactions", 2, 42L,
                List.of("e1", "e2"));

        LineageHeaders.write(headers, lineage);

        assertThat(LineageHeaders.read(headers)).contains(lineage);
        assertThat(text(headers.lastHeader(LineageHeaders.LINEAGE))).isEqualTo("transactions:2:42@1700000000123");
        assertThat(text(headers.lastHeader(LineageHeaders.CAUSES))).isEqualTo("e1,e2");
    }

    @Test
    void shouldCarryLineageInOneHeaderBesidesTheCauses() {
        RecordHeaders headers = new RecordHeaders();

        LineageHeaders.write(headers, new Lineage(Instant.EPOCH, "orders", 0, 1, List.of()));

        assertThat(headers.toArray()).extracting(Header::key).containsExactly(LineageHeaders.LINEAGE);
    }

    @Test
    void shouldReplaceEarlierLineageInsteadOfAddingASecondSet() {
        RecordHeaders headers = new RecordHeaders();
        LineageHeaders.write(headers, new Lineage(Instant.EPOCH, "a", 0, 1, List.of("old")));

        LineageHeaders.write(headers, new Lineage(Instant.EPOCH, "b", 1, 2, List.of()));

        assertThat(headers.headers(LineageHeaders.LINEAGE)).hasSize(1);
        assertThat(headers.headers(LineageHeaders.CAUSES)).isEmpty();
        assertThat(LineageHeaders.read(headers).orElseThrow().sourceTopic()).isEqualTo("b");
    }

    @Test
    void shouldStampTheCoordinatesOfTheRecordBeingProcessed() {
        RecordHeaders headers = new RecordHeaders();
        RecordMetadata source = new RecordMetadata() {
            @Override
            public String topic() {
                return "transactions";
            }

            @Override
            public int partition() {
                return 3;
            }

            @Override
            public long offset() {
                return 7;
            }
        };

        LineageHeaders.stamp(headers, source, Instant.ofEpochMilli(5));

        assertThat(LineageHeaders.read(headers))
                .contains(new Lineage(Instant.ofEpochMilli(5), "transactions", 3, 7, List.of()));
    }

    @Test
    void shouldStampPreEncodedTopicWithTheSameHeaderAsTheRecordMetadataForm() {
        // given earlier lineage with causes, which a stamp replaces
        RecordHeaders headers = new RecordHeaders();
        LineageHeaders.write(headers, new Lineage(Instant.EPOCH, "old", 9, 9, List.of("cause")));
        byte[] topic = "transactions".getBytes(StandardCharsets.UTF_8);

        // when
        LineageHeaders.stamp(headers, topic, 12, 9_007_199_254_740_993L, 1_700_000_000_123L);

        // then
        assertThat(LineageHeaders.read(headers)).contains(new Lineage(Instant.ofEpochMilli(1_700_000_000_123L),
                "transactions", 12, 9_007_199_254_740_993L, List.of()));
        assertThat(headers.headers(LineageHeaders.LINEAGE)).hasSize(1);
        assertThat(headers.headers(LineageHeaders.CAUSES)).isEmpty();
        assertThat(text(headers.lastHeader(LineageHeaders.LINEAGE)))
                .isEqualTo("transactions:12:9007199254740993@1700000000123");
    }

    @Test
    void shouldWriteNegativeZeroAndExtremeNumbersAsDecimalText() {
        RecordHeaders headers = new RecordHeaders();

        LineageHeaders.stamp(headers, "t".getBytes(StandardCharsets.UTF_8), 0, 0, -1_234L);
        assertThat(text(headers.lastHeader(LineageHeaders.LINEAGE))).isEqualTo("t:0:0@-1234");

        LineageHeaders.stamp(headers, "t".getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE, Long.MAX_VALUE,
                Long.MIN_VALUE);
        assertThat(text(headers.lastHeader(LineageHeaders.LINEAGE)))
                .isEqualTo("t:2147483647:9223372036854775807@-9223372036854775808");
        assertThat(LineageHeaders.read(headers)).contains(new Lineage(Instant.ofEpochMilli(Long.MIN_VALUE), "t",
                Integer.MAX_VALUE, Long.MAX_VALUE, List.of()));
    }

    @Test
    void shouldReadTheFourHeadersOfTheOlderLayout() {
        // given a record written by an earlier version
        RecordHeaders headers = new RecordHeaders();
        headers.add(LineageHeaders.INGEST_TIME, "1700000000123".getBytes(StandardCharsets.UTF_8));
        headers.add(LineageHeaders.SOURCE_TOPIC, "transactions".getBytes(StandardCharsets.UTF_8));
        headers.add(LineageHeaders.SOURCE_PARTITION, "2".getBytes(StandardCharsets.UTF_8));
        headers.add(LineageHeaders.SOURCE_OFFSET, "42".getBytes(StandardCharsets.UTF_8));
        headers.add(LineageHeaders.CAUSES, "e1".getBytes(StandardCharsets.UTF_8));

        assertThat(LineageHeaders.read(headers)).contains(new Lineage(Instant.ofEpochMilli(1_700_000_000_123L),
                "transactions", 2, 42, List.of("e1")));

        // when it is stamped again, the older set is replaced, not kept beside the new header
        LineageHeaders.stamp(headers, "orders".getBytes(StandardCharsets.UTF_8), 0, 5, 6);

        assertThat(headers.toArray()).extracting(Header::key).containsExactly(LineageHeaders.LINEAGE);
        assertThat(LineageHeaders.read(headers)).contains(new Lineage(Instant.ofEpochMilli(6), "orders", 0, 5,
                List.of()));
    }

    @Test
    void shouldReadNothingFromMissingOrMalformedHeaders() {
        RecordHeaders headers = new RecordHeaders();
        assertThat(LineageHeaders.read(headers)).isEmpty();

        for (String malformed : List.of("transactions:2:x@5", "transactions:2:3", "transactions@5", ":2:3@5",
                "transactions:2:3@", "")) {
            headers.remove(LineageHeaders.LINEAGE);
            headers.add(LineageHeaders.LINEAGE, malformed.getBytes(StandardCharsets.UTF_8));
            assertThat(LineageHeaders.read(headers)).as(malformed).isEmpty();
        }

        RecordHeaders older = new RecordHeaders();
        older.add(LineageHeaders.INGEST_TIME, "1".getBytes(StandardCharsets.UTF_8));
        older.add(LineageHeaders.SOURCE_TOPIC, "a".getBytes(StandardCharsets.UTF_8));
        older.add(LineageHeaders.SOURCE_PARTITION, "0".getBytes(StandardCharsets.UTF_8));
        older.add(LineageHeaders.SOURCE_OFFSET, "x".getBytes(StandardCharsets.UTF_8));
        assertThat(LineageHeaders.read(older)).isEmpty();
    }

    private static String text(Header header) {
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
