package dev.flywheel.ingestion.dlq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.schemas.events.RecordHeader;
import dev.flywheel.schemas.events.RejectedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-submits rejected records to the topic they were read from, as they were: original key and value
 * bytes, headers and timestamp, plus a {@value #REPLAY_OF_HEADER} header naming the DLQ entry.
 *
 * <p>Each replayed record and its bookkeeping marker ({@code event_id} of the {@code RejectedRecord} on
 * the compacted replays topic) are written in one Kafka transaction, so a replay interrupted at any
 * point can simply be run again: what was committed is skipped, what was not is replayed, nothing is
 * submitted twice unless asked with {@code again}.
 */
public final class DlqReplayer implements AutoCloseable {

    /** Header on a replayed record: {@code <dlq topic>/<partition>/<offset>} of the entry it came from. */
    public static final String REPLAY_OF_HEADER = "flywheel.replay.of";

    /** Records per transaction. */
    static final int BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(DlqReplayer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a replay did.
     *
     * @param selected entries asked to replay
     * @param replayed entries re-submitted now
     * @param alreadyReplayed entries skipped because an earlier replay had re-submitted them
     * @param byTopic replayed entries per target topic
     */
    public record Report(int selected, int replayed, int alreadyReplayed, Map<String, Integer> byTopic) {
        /** Copies the map. */
        public Report {
            byTopic = Map.copyOf(byTopic);
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final Clock clock;
    /** Ids this replayer committed: a second call sees them even before the bookkeeping topic does. */
    private final Set<String> committed = new HashSet<>();

    DlqReplayer(Producer<byte[], byte[]> producer, Clock clock) {
        this.producer = producer;
        this.clock = clock;
        producer.initTransactions();
    }

    /**
     * Creates a replayer for one dead-letter topic. Two replays of the same topic at once fence each other
     * (one transactional id per topic): the older one fails instead of both writing.
     *
     * @param kafka properties that reach the cluster ({@code ClientConfigs.kafka(config)})
     * @param dlqTopic the dead-letter topic replayed from
     * @param timeout the longest wait for the cluster on any call
     * @return the replayer; close it
     */
    public static DlqReplayer create(Properties kafka, String dlqTopic, Duration timeout) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "flywheel-dlq-replay-" + dlqTopic);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 30_000));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        try {
            return new DlqReplayer(new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()),
                    Clock.systemUTC());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new DlqException("Kafka did not answer within " + timeout + ": is it running?", e);
        }
    }

    /**
     * Replays entries.
     *
     * @param entries the entries to replay, in order
     * @param alreadyReplayed {@code event_id}s replayed before ({@link DlqReader#replayedIds})
     * @param replaysTopic the bookkeeping topic
     * @param again replay even entries that were replayed before
     * @return what was done
     * @throws DlqException when a transaction fails; the entries of the failed batch were not replayed
     */
    public Report replay(List<DlqEntry> entries, Set<String> alreadyReplayed, String replaysTopic, boolean again) {
        List<DlqEntry> todo = new ArrayList<>();
        for (DlqEntry entry : entries) {
            String id = entry.rejected().getEventId();
            if (again || !(alreadyReplayed.contains(id) || committed.contains(id))) {
                todo.add(entry);
            }
        }
        Map<String, Integer> byTopic = new LinkedHashMap<>();
        for (int start = 0; start < todo.size(); start += BATCH) {
            List<DlqEntry> batch = todo.subList(start, Math.min(todo.size(), start + BATCH));
            send(batch, replaysTopic);
            batch.forEach(entry -> byTopic.merge(entry.rejected().getSourceTopic(), 1, Integer::sum));
            log.info("Replayed {} of {} dead-letter records", start + batch.size(), todo.size());
        }
        return new Report(entries.size(), todo.size(), entries.size() - todo.size(), byTopic);
    }

    private void send(List<DlqEntry> batch, String replaysTopic) {
        try {
            producer.beginTransaction();
            for (DlqEntry entry : batch) {
                producer.send(original(entry));
                producer.send(new ProducerRecord<>(replaysTopic,
                        entry.rejected().getEventId().getBytes(StandardCharsets.UTF_8), marker(entry)));
            }
            producer.commitTransaction();
            batch.forEach(entry -> committed.add(entry.rejected().getEventId()));
        } catch (KafkaException e) {
            abort(e);
            throw new DlqException("Replay of " + batch.size() + " records starting at "
                    + batch.get(0).coordinates() + " failed and was rolled back: " + e.getMessage(), e);
        }
    }

    private void abort(KafkaException cause) {
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailure) {
            // A fenced or broken producer cannot abort; the broker aborts the transaction on its timeout.
            cause.addSuppressed(abortFailure);
        }
    }

    private static ProducerRecord<byte[], byte[]> original(DlqEntry entry) {
        RejectedRecord rejected = entry.rejected();
        RecordHeaders headers = new RecordHeaders();
        for (RecordHeader header : rejected.getHeaders()) {
            headers.add(header.getKey(), Utils.toNullableArray(header.getValue()));
        }
        headers.remove(REPLAY_OF_HEADER);
        headers.add(REPLAY_OF_HEADER, entry.coordinates().getBytes(StandardCharsets.UTF_8));
        Long timestamp = rejected.getTimestamp() == null ? null : rejected.getTimestamp().toEpochMilli();
        return new ProducerRecord<>(rejected.getSourceTopic(), null, timestamp, Utils.toNullableArray(rejected.getKey()),
                Utils.toNullableArray(rejected.getValue()), headers);
    }

    private byte[] marker(DlqEntry entry) {
        ObjectNode note = JSON.createObjectNode()
                .put("dlq", entry.coordinates())
                .put("target", entry.rejected().getSourceTopic())
                .put("reason_code", entry.rejected().getReasonCode())
                .put("replayed_at", clock.instant().toString());
        return note.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
