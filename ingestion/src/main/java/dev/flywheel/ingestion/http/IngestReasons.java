package dev.flywheel.ingestion.http;

/**
 * Reason codes of the HTTP ingest endpoint, beside the data-contract codes of
 * {@link dev.flywheel.schemas.ReasonCodes} (which it reports unchanged). Per-record codes say why one record
 * was rejected or failed; request codes say why the whole request was refused. Clients key on them: add
 * codes, never rename or reuse one.
 */
public final class IngestReasons {

    // Per record.

    /** The record is not valid JSON (a bad line of newline-delimited JSON). */
    public static final String INVALID_JSON = "INVALID_JSON";
    /** The JSON does not fit the source's Avro schema: wrong type, unknown or missing field, bad value. */
    public static final String SCHEMA_MISMATCH = "SCHEMA_MISMATCH";
    /** The source's key field is missing or null, so the record has no partitioning key. */
    public static final String MISSING_KEY = "MISSING_KEY";
    /** The broker did not acknowledge the record; it was not written (retry it). */
    public static final String PRODUCE_FAILED = "PRODUCE_FAILED";
    /** No acknowledgement in time: the record may or may not have been written (a retry may duplicate it). */
    public static final String PRODUCE_TIMEOUT = "PRODUCE_TIMEOUT";

    // Per request.

    /** The body is not JSON, or not an object, an array of objects, or a sequence of objects. */
    public static final String MALFORMED_BODY = "MALFORMED_BODY";
    /** The path names no source of the pipeline spec. */
    public static final String UNKNOWN_SOURCE = "UNKNOWN_SOURCE";
    /** The Content-Type is neither JSON nor newline-delimited JSON. */
    public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    /** The body is larger than the configured limit. */
    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    /** The source has neither a pinned reader schema nor a schema registered under its topic's value subject. */
    public static final String NO_SCHEMA = "NO_SCHEMA";
    /** The registry refused the source's schema (incompatible, not registered with auto-registration off). */
    public static final String SCHEMA_REFUSED = "SCHEMA_REFUSED";
    /** The schema registry cannot be reached; retry after the advertised delay. */
    public static final String REGISTRY_UNAVAILABLE = "REGISTRY_UNAVAILABLE";
    /** The broker took none of the records; retry after the advertised delay. */
    public static final String BROKER_UNAVAILABLE = "BROKER_UNAVAILABLE";
    /** An unexpected failure of the endpoint itself (logged with the request id). */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private IngestReasons() {
    }
}
