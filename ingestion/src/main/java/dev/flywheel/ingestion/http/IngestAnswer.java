package dev.flywheel.ingestion.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The JSON answer to an ingest request that was read: counts and one {@link RecordResult} per record, in
 * request order.
 *
 * @param requestId the id logged with every line about this request (also the {@code X-Request-Id} header)
 * @param source the source
 * @param topic the topic records were written to
 * @param accepted how many were written
 * @param rejected how many were refused for their content
 * @param failed how many could not be written (resend them)
 * @param records one result per record
 */
public record IngestAnswer(@JsonProperty("request_id") String requestId, String source, String topic, int accepted,
                           int rejected, int failed, List<RecordResult> records) {

    static IngestAnswer of(String requestId, String source, String topic, List<RecordResult> records) {
        int accepted = count(records, RecordResult.Status.ACCEPTED);
        int rejected = count(records, RecordResult.Status.REJECTED);
        return new IngestAnswer(requestId, source, topic, accepted, rejected, records.size() - accepted - rejected,
                List.copyOf(records));
    }

    /**
     * The HTTP status: 200 when every record was accepted; 207 when some were and others were not; 503 when none
     * was accepted and some failed (the broker is away: retry); 422 when every record was rejected.
     */
    int httpStatus() {
        if (accepted == records.size()) {
            return 200;
        }
        if (accepted > 0) {
            return 207;
        }
        return failed > 0 ? 503 : 422;
    }

    private static int count(List<RecordResult> records, RecordResult.Status status) {
        return (int) records.stream().filter(r -> r.status() == status).count();
    }
}
