package dev.flywheel.ingestion;

import dev.flywheel.topology.spec.DedupeSpec;
import dev.flywheel.topology.spec.FieldContract;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.SourceSpec;
import dev.flywheel.topology.spec.TimeBounds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** The test source {@code txns}: its schemas (v1, a compatible v2, an incompatible one), contract and records. */
final class Txns {

    static final String SOURCE = "txns";
    static final Duration DEDUPE_WINDOW = Duration.ofMinutes(10);
    static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    static final Duration MAX_AGE = Duration.ofDays(1);

    private static final Schema MILLIS = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));

    /** The first version; also the pinned reader schema in {@code txns-v1.avsc}. */
    static final Schema V1 = SchemaBuilder.record("Txn").namespace("dev.flywheel.test").fields()
            .requiredString("id")
            .requiredDouble("amount")
            .optionalString("country")
            .name("ts").type(MILLIS).noDefault()
            .endRecord();

    /** V1 plus a defaulted field: what a producer moves to without breaking readers of V1. */
    static final Schema V2 = SchemaBuilder.record("Txn").namespace("dev.flywheel.test").fields()
            .requiredString("id")
            .requiredDouble("amount")
            .optionalString("country")
            .name("ts").type(MILLIS).noDefault()
            .name("channel").type().stringType().stringDefault("web")
            .endRecord();

    /** {@code amount} as text: V1 readers cannot read it. */
    static final Schema INCOMPATIBLE = SchemaBuilder.record("Txn").namespace("dev.flywheel.test").fields()
            .requiredString("id")
            .requiredString("amount")
            .requiredString("country")
            .name("ts").type(MILLIS).noDefault()
            .endRecord();

    private Txns() {
    }

    /**
     * The source: ids {@code e-<digits>} of at most 12 characters, amount 0..1000, country US or DE, event
     * required, event time at most 5 minutes ahead and 1 day old, dedupe on id within 10 minutes.
     */
    static SourceSpec source(Optional<String> readerSchema) {
        return source(SOURCE, readerSchema);
    }

    /** The same source under another name (and topic). */
    static SourceSpec source(String name, Optional<String> readerSchema) {
        return new SourceSpec(name, name, "id", Optional.of("ts"), readerSchema, List.of(
                new FieldContract("id", true, OptionalDouble.empty(), OptionalDouble.empty(), List.of(),
                        Optional.of("e-[0-9]+"), OptionalInt.empty(), OptionalInt.of(12)),
                new FieldContract("amount", true, OptionalDouble.of(0), OptionalDouble.of(1000), List.of(),
                        Optional.empty(), OptionalInt.empty(), OptionalInt.empty()),
                new FieldContract("country", true, OptionalDouble.empty(), OptionalDouble.empty(), List.of("US", "DE"),
                        Optional.empty(), OptionalInt.empty(), OptionalInt.empty())),
                new TimeBounds(MAX_FUTURE_SKEW, Optional.of(MAX_AGE)),
                Optional.of(new DedupeSpec("id", DEDUPE_WINDOW)));
    }

    static FlywheelSpec spec(SourceSpec source) {
        return new FlywheelSpec("test", List.of(source), List.of(), List.of(), List.of(), List.of());
    }

    static GenericRecord v1(String id, double amount, String country, Instant ts) {
        GenericRecord record = new GenericData.Record(V1);
        record.put("id", id);
        record.put("amount", amount);
        record.put("country", country);
        record.put("ts", ts.toEpochMilli());
        return record;
    }

    static GenericRecord v2(String id, double amount, String country, Instant ts, String channel) {
        GenericRecord record = new GenericData.Record(V2);
        record.put("id", id);
        record.put("amount", amount);
        record.put("country", country);
        record.put("ts", ts.toEpochMilli());
        record.put("channel", channel);
        return record;
    }

    static GenericRecord incompatible(String id, Instant ts) {
        GenericRecord record = new GenericData.Record(INCOMPATIBLE);
        record.put("id", id);
        record.put("amount", "ten");
        record.put("country", "US");
        record.put("ts", ts.toEpochMilli());
        return record;
    }
}
