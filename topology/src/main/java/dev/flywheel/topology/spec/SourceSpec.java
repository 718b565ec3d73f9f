package dev.flywheel.topology.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stream of producer records that Flywheel validates; its valid records go to
 * {@code <name>.valid}, its rejected ones to {@code <name>.dlq}.
 *
 * @param name the source name
 * @param topic the producers' topic (defaults to the name)
 * @param key the entity key field
 * @param timestamp the event-time field; empty means the Kafka record timestamp
 * @param readerSchema path of an Avro schema ({@code .avsc}) to read records with; empty means the writer schema
 * @param contract the per-field contract, in file order
 * @param timeBounds event-time sanity limits
 * @param dedupe deduplication, if any
 */
public record SourceSpec(String name, String topic, String key, Optional<String> timestamp,
                         Optional<String> readerSchema, List<FieldContract> contract, TimeBounds timeBounds,
                         Optional<DedupeSpec> dedupe) {

    /** Checks the parts are present and copies the list. */
    public SourceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(readerSchema, "readerSchema");
        Objects.requireNonNull(timeBounds, "timeBounds");
        Objects.requireNonNull(dedupe, "dedupe");
        contract = List.copyOf(contract);
    }
}
