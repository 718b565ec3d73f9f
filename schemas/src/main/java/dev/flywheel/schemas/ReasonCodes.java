package dev.flywheel.schemas;

/**
 * The stable reason codes a {@code RejectedRecord} carries in {@code reason_code}. Dashboards, alerts and
 * {@code flywheel dlq replay --reason} key on them: add new codes here, never rename or reuse one.
 */
public final class ReasonCodes {

    // Decoding (the wire-format deserializers raise these; see dev.flywheel.schemas.serde.InvalidPayloadException).

    /** The first byte is not the wire format's 0x00. */
    public static final String WRONG_MAGIC_BYTE = "WRONG_MAGIC_BYTE";
    /** The schema id in the header is not known to the registry. */
    public static final String UNKNOWN_SCHEMA_ID = "UNKNOWN_SCHEMA_ID";
    /** Fewer than 5 bytes, or the Avro body ends before the writer schema says it should. */
    public static final String TRUNCATED = "TRUNCATED";
    /** The Avro body does not match its writer schema (bad union index, invalid length, trailing bytes...). */
    public static final String CORRUPT_BODY = "CORRUPT_BODY";
    /** The writer schema cannot be read with the reader schema pinned for the topic, or is not Avro. */
    public static final String INCOMPATIBLE_SCHEMA = "INCOMPATIBLE_SCHEMA";
    /** The record has no value (a tombstone): a source record must carry an event. */
    public static final String NULL_VALUE = "NULL_VALUE";

    // Data contracts (ingestion).

    /** A required field is missing or null. */
    public static final String CONTRACT_REQUIRED = "CONTRACT_REQUIRED";
    /** A numeric field is outside its declared range. */
    public static final String CONTRACT_RANGE = "CONTRACT_RANGE";
    /** A field's value is not among the allowed values. */
    public static final String CONTRACT_ALLOWED = "CONTRACT_ALLOWED";
    /** A string field does not match its declared pattern. */
    public static final String CONTRACT_PATTERN = "CONTRACT_PATTERN";
    /** A string field is shorter or longer than allowed. */
    public static final String CONTRACT_LENGTH = "CONTRACT_LENGTH";
    /** The event time is further in the future than the allowed skew. */
    public static final String EVENT_TIME_FUTURE = "EVENT_TIME_FUTURE";
    /** The event time is older than the allowed horizon. */
    public static final String EVENT_TIME_TOO_OLD = "EVENT_TIME_TOO_OLD";

    // Streaming.

    /** The event arrived after its window's grace period closed. */
    public static final String LATE = "LATE";

    private ReasonCodes() {
    }
}
