package dev.flywheel.ingestion.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What became of one record of an ingest request, in the answer's {@code records} list.
 *
 * @param index position of the record in the request (array index, or n-th non-blank NDJSON line), from 0
 * @param status {@code ACCEPTED} (written, acknowledged by all in-sync replicas), {@code REJECTED} (the record
 *     is at fault; do not resend it unchanged) or {@code FAILED} (not written, or not known to be; resend it)
 * @param partition where an accepted record was written
 * @param offset where an accepted record was written
 * @param reason the reason code of a rejected or failed record
 * @param message what is wrong, for a person
 * @param errors every field at fault, for a rejected record
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordResult(int index, Status status, Integer partition, Long offset, String reason, String message,
                           List<FieldError> errors) {

    /** Outcome of one record. */
    public enum Status { ACCEPTED, REJECTED, FAILED }

    static RecordResult accepted(int index, int partition, long offset) {
        return new RecordResult(index, Status.ACCEPTED, partition, offset, null, null, null);
    }

    static RecordResult rejected(int index, String reason, String message, List<FieldError> errors) {
        return new RecordResult(index, Status.REJECTED, null, null, reason, message, errors.isEmpty() ? null : errors);
    }

    static RecordResult failed(int index, String reason, String message) {
        return new RecordResult(index, Status.FAILED, null, null, reason, message, null);
    }
}
