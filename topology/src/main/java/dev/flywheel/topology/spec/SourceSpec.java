package dev.flywheel.topology.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;

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

    /**
     * The implicit source of a label that no source of the spec feeds: the label's name, topic, key and timestamp,
     * and a contract that requires the key and the label's value, which training needs (ingestion requires the
     * timestamp field of any source).
     *
     * @param label the label
     * @return the source
     */
    public static SourceSpec ofLabel(LabelSpec label) {
        return ofLabel(label, true);
    }

    /** The implicit source of a label; without the value required when other labels read the same records. */
    static SourceSpec ofLabel(LabelSpec label, boolean requireValue) {
        List<FieldContract> contract = (requireValue ? Stream.of(label.key(), label.field()) : Stream.of(label.key()))
                .distinct().map(SourceSpec::required).toList();
        return new SourceSpec(label.name(), label.topic(), label.key(), label.timestamp(), Optional.empty(), contract,
                TimeBounds.DEFAULT, Optional.empty());
    }

    private static FieldContract required(String field) {
        return new FieldContract(field, true, OptionalDouble.empty(), OptionalDouble.empty(), List.of(),
                Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
    }
}
