package dev.flywheel.topology.runtime;

import dev.flywheel.schemas.events.RecordHeader;
import dev.flywheel.schemas.events.RejectedRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes refused records to their source's dead-letter topic as {@code RejectedRecord}s, and makes
 * sure none goes unnoticed: each one is counted by source and reason and logged with its coordinates
 * (rate-limited per source and reason, so a flood of bad records cannot flood the log).
 *
 * <p>Stages use it in two ways: their Kafka Streams error handlers ({@link DlqDeserializationExceptionHandler},
 * {@link DlqProductionExceptionHandler}) call {@link #route}, and topologies that reject records
 * themselves (a broken data contract) build the value with {@link #toRejectedRecord} and call
 * {@link #record} to count and log it.
 */
public final class DlqRouting {

    /** Key under which the stage passes this instance to its error handlers in the Streams config. */
    public static final String CONFIG = "flywheel.dlq.routing";
    /** Reason code: the input could not be deserialized and the error carried no finer reason. */
    public static final String DESERIALIZATION_FAILED = "DESERIALIZATION_FAILED";
    /** Reason code: an output record could not be serialized. */
    public static final String SERIALIZATION_FAILED = "SERIALIZATION_FAILED";
    /** Reason code: the broker refused an output record for good (too large, invalid, ...). */
    public static final String PRODUCTION_FAILED = "PRODUCTION_FAILED";
    /** Header on each DLQ record with its reason code, for filtering without decoding. */
    public static final String REASON_HEADER = "flywheel.reason.code";

    private static final Logger LOG = LoggerFactory.getLogger(DlqRouting.class);
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final String stage;
    private final Function<String, Optional<String>> dlqTopicOf;
    private final Serializer<RejectedRecord> serializer;
    private final RejectionMetrics metrics;
    private final Clock clock;
    private final RateLimitedLog rateLimit;

    /**
     * Creates the routing of one stage.
     *
     * @param stage the stage name, recorded in each {@code RejectedRecord}
     * @param dlqTopicOf the DLQ topic of a source topic, empty when it has none
     * @param serializer the value serializer of the DLQ topics (Avro through the registry)
     * @param metrics where rejections are counted
     * @param clock the clock for {@code occurred_at}
     */
    public DlqRouting(String stage, Function<String, Optional<String>> dlqTopicOf,
                      Serializer<RejectedRecord> serializer, RejectionMetrics metrics, Clock clock) {
        this.stage = stage;
        this.dlqTopicOf = dlqTopicOf;
        this.serializer = serializer;
        this.metrics = metrics;
        this.clock = clock;
        this.rateLimit = new RateLimitedLog(LOG_INTERVAL, clock);
    }

    /**
     * Returns the DLQ topic of a source topic.
     *
     * @param sourceTopic the topic records are read from
     * @return the DLQ topic, empty when there is none
     */
    public Optional<String> dlqTopic(String sourceTopic) {
        return dlqTopicOf.apply(sourceTopic);
    }

    /**
     * Counts, logs and serializes a rejection into a record for its DLQ topic.
     *
     * @param rejection the refused record
     * @return the record to produce, keyed by the original key bytes
     * @throws IllegalStateException when the source topic has no DLQ (the caller must then fail rather
     *     than drop the record)
     */
    public ProducerRecord<byte[], byte[]> route(Rejection rejection) {
        String topic = dlqTopic(rejection.sourceTopic()).orElseThrow(() -> new IllegalStateException(
                "No dead-letter topic for " + rejection.sourceTopic() + "; refusing to drop "
                        + coordinates(rejection) + " (" + rejection.reasonCode() + ")"));
        record(rejection);
        byte[] value = serializer.serialize(topic, toRejectedRecord(rejection));
        ProducerRecord<byte[], byte[]> dlq = new ProducerRecord<>(topic, null, rejection.key(), value);
        dlq.headers().add(REASON_HEADER, rejection.reasonCode().getBytes(StandardCharsets.UTF_8));
        return dlq;
    }

    /**
     * Counts and logs a rejection without producing it; for topologies that write the
     * {@code RejectedRecord} to the DLQ themselves.
     *
     * @param rejection the refused record
     */
    public void record(Rejection rejection) {
        metrics.rejected(rejection.sourceTopic(), rejection.reasonCode());
        long heldBack = rateLimit.permit(rejection.sourceTopic() + "/" + rejection.reasonCode());
        if (heldBack > 0) {
            LOG.warn("Rejected {} reason={}: {} (and {} similar rejections in the last {}s, not logged)",
                    coordinates(rejection), rejection.reasonCode(), rejection.message(), heldBack,
                    LOG_INTERVAL.toSeconds());
        } else if (heldBack == 0) {
            LOG.warn("Rejected {} reason={}: {}", coordinates(rejection), rejection.reasonCode(), rejection.message());
        } else {
            LOG.debug("Rejected {} reason={}: {}", coordinates(rejection), rejection.reasonCode(), rejection.message());
        }
    }

    /**
     * Builds the {@code RejectedRecord} event of a rejection.
     *
     * @param rejection the refused record
     * @return the event, with a fresh event id and the schema id read from the value's wire-format header
     */
    public RejectedRecord toRejectedRecord(Rejection rejection) {
        return RejectedRecord.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setCauses(List.of())
                .setSourceTopic(rejection.sourceTopic())
                .setPartition(rejection.partition())
                .setOffset(rejection.offset())
                .setTimestamp(rejection.timestamp().orElse(null))
                .setKey(buffer(rejection.key()))
                .setValue(buffer(rejection.value()))
                .setHeaders(rejection.headers().stream().map(DlqRouting::header).toList())
                .setReasonCode(rejection.reasonCode())
                .setMessage(rejection.message())
                .setSchemaId(WireFormat.schemaId(rejection.value()).orElse(null))
                .setField(rejection.field().orElse(null))
                .setStage(stage)
                .build();
    }

    private static String coordinates(Rejection rejection) {
        return rejection.sourceTopic() + "-" + rejection.partition() + "@" + rejection.offset();
    }

    private static ByteBuffer buffer(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    private static RecordHeader header(Header header) {
        return RecordHeader.newBuilder().setKey(header.key()).setValue(buffer(header.value())).build();
    }
}
