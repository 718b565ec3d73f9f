package dev.flywheel.topology.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a record came from, carried in its headers ({@link LineageHeaders}).
 *
 * @param ingestTime when Flywheel first accepted the record
 * @param sourceTopic the topic it was read from
 * @param sourcePartition the partition it was read from
 * @param sourceOffset its offset there
 * @param causes ids of the events that led to it, if any
 */
public record Lineage(Instant ingestTime, String sourceTopic, int sourcePartition, long sourceOffset,
                      List<String> causes) {

    /** Checks the parts are present and copies the list. */
    public Lineage {
        Objects.requireNonNull(ingestTime, "ingestTime");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        causes = List.copyOf(causes);
    }
}
