package dev.flywheel.ingestion.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.events.RejectedRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DlqFilterTest {

    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    private static RejectedRecord rejected(String reason, Instant at) {
        return RejectedRecord.newBuilder().setEventId("e").setOccurredAt(at).setCauses(List.of())
                .setSourceTopic("s").setPartition(0).setOffset(0).setReasonCode(reason).setMessage("m").build();
    }

    @Test
    void shouldSelectEverythingWithoutConditions() {
        assertThat(DlqFilter.all().matches(rejected(ReasonCodes.LATE, T))).isTrue();
    }

    @Test
    void shouldSelectOnlyTheReasonsAsked() {
        DlqFilter filter = new DlqFilter(Set.of(ReasonCodes.CONTRACT_RANGE, ReasonCodes.TRUNCATED), Optional.empty());

        assertThat(filter.matches(rejected(ReasonCodes.TRUNCATED, T))).isTrue();
        assertThat(filter.matches(rejected(ReasonCodes.LATE, T))).isFalse();
    }

    @Test
    void shouldSelectFromTheInstantInclusive() {
        DlqFilter filter = new DlqFilter(Set.of(), Optional.of(T));

        assertThat(filter.matches(rejected(ReasonCodes.LATE, T))).isTrue();
        assertThat(filter.matches(rejected(ReasonCodes.LATE, T.minusMillis(1)))).isFalse();
    }
}
