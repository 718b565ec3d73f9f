package dev.flywheel.ingestion.dlq;

import dev.flywheel.schemas.events.RejectedRecord;
import java.util.Objects;

/**
 * One record of a dead-letter topic and where it sits there.
 *
 * @param topic the dead-letter topic
 * @param partition its partition
 * @param offset its offset
 * @param rejected the rejected record, with the original bytes and why
 */
public record DlqEntry(String topic, int partition, long offset, RejectedRecord rejected) {

    /** Checks the parts are present. */
    public DlqEntry {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(rejected, "rejected");
    }

    /** Returns {@code topic/partition/offset}: the entry's coordinates, as printed and as replay markers say. */
    public String coordinates() {
        return topic + "/" + partition + "/" + offset;
    }
}
