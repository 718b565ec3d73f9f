package dev.flywheel.ingestion.dlq;

import dev.flywheel.schemas.events.RejectedRecord;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which dead-letter records a listing or a replay selects: by reason code and by when they were rejected.
 *
 * @param reasons reason codes to keep; empty keeps every reason
 * @param from keep records rejected at or after this instant; empty keeps all
 */
public record DlqFilter(Set<String> reasons, Optional<Instant> from) {

    /** Checks the parts are present and copies the set. */
    public DlqFilter {
        reasons = Set.copyOf(reasons);
        Objects.requireNonNull(from, "from");
    }

    /** Selects every record. */
    public static DlqFilter all() {
        return new DlqFilter(Set.of(), Optional.empty());
    }

    /** Returns whether a rejected record is selected. */
    public boolean matches(RejectedRecord rejected) {
        boolean reason = reasons.isEmpty() || reasons.contains(rejected.getReasonCode());
        boolean time = from.map(start -> !rejected.getOccurredAt().isBefore(start)).orElse(true);
        return reason && time;
    }
}
