package dev.flywheel.topology.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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
        assertThat(new String(headers.lastHeader(LineageHeaders.SOURCE_OFFSET).value(), StandardCharsets.UTF_8))
                .isEqualTo("42");
    }

    @Test
    void shouldReplaceEarlierLineageInsteadOfAddingASecondSet() {
        RecordHeaders headers = new RecordHeaders();
        LineageHeaders.write(headers, new Lineage(Instant.EPOCH, "a", 0, 1, List.of("old")));

        LineageHeaders.write(headers, new Lineage(Instant.EPOCH, "b", 1, 2, List.of()));

        assertThat(headers.headers(LineageHeaders.SOURCE_TOPIC)).hasSize(1);
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
    void shouldStampPreEncodedTopicWithTheSameHeadersAsTheRecordMetadataForm() {
        // given earlier lineage with causes, which a stamp replaces
        RecordHeaders headers = new RecordHeaders();
        LineageHeaders.write(headers, new Lineage(Instant.EPOCH, "old", 9, 9, List.of("cause")));
        byte[] topic = "transactions".getBytes(StandardCharsets.UTF_8);

        // when
        LineageHeaders.stamp(headers, topic, 12, 9_007_199_254_740_993L, 1_700_000_000_123L);

        // then
        assertThat(LineageHeaders.read(headers)).contains(new Lineage(Instant.ofEpochMilli(1_700_000_000_123L),
                "transactions", 12, 9_007_199_254_740_993L, List.of()));
        assertThat(headers.headers(LineageHeaders.SOURCE_TOPIC)).hasSize(1);
        assertThat(headers.headers(LineageHeaders.CAUSES)).isEmpty();
        assertThat(new String(headers.lastHeader(LineageHeaders.SOURCE_PARTITION).value(), StandardCharsets.UTF_8))
                .isEqualTo("12");
    }

    @Test
    void shouldWriteNegativeAndZeroNumbersAsDecimalText() {
        RecordHeaders headers = new RecordHeaders();

        LineageHeaders.stamp(headers, "t".getBytes(StandardCharsets.UTF_8), 0, 0, -1_234L);

        assertThat(new String(headers.lastHeader(LineageHeaders.INGEST_TIME).value(), StandardCharsets.UTF_8))
                .isEqualTo("-1234");
        assertThat(new String(headers.lastHeader(LineageHeaders.SOURCE_OFFSET).value(), StandardCharsets.UTF_8))
                .isEqualTo("0");
    }

    @Test
    void shouldReadNothingFromMissingOrMalformedHeaders() {
        RecordHeaders headers = new RecordHeaders();
        assertThat(LineageHeaders.read(headers)).isEmpty();

        LineageHeaders.write(headers, new Lineage(Instant.EPOCH, "a", 0, 1, List.of()));
        headers.remove(LineageHeaders.SOURCE_OFFSET);
        headers.add(LineageHeaders.SOURCE_OFFSET, "x".getBytes(StandardCharsets.UTF_8));

        assertThat(LineageHeaders.read(headers)).isEmpty();
    }
}
