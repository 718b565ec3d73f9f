package dev.flywheel.ingestion.dlq;

import dev.flywheel.schemas.events.RejectedRecord;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.schemas.serde.SpecificAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads dead-letter topics: the rejected records themselves, and which of them were already replayed.
 * Only committed records are read ({@code read_committed}), since stages write their DLQ records inside
 * their exactly-once transactions.
 */
public final class DlqReader implements AutoCloseable {

    /**
     * A listing of a dead-letter topic.
     *
     * @param entries the selected entries, oldest first within each partition, at most the limit asked for
     * @param scanned how many records were read
     * @param matched how many matched the filter (may exceed {@code entries.size()} when a limit applied)
     * @param unreadable coordinates of records that could not be decoded
     */
    public record Listing(List<DlqEntry> entries, long scanned, long matched, List<String> unreadable) {
        /** Copies the lists. */
        public Listing {
            entries = List.copyOf(entries);
            unreadable = List.copyOf(unreadable);
        }
    }

    private final Consumer<byte[], RejectedRecord> rejected;
    private final Consumer<String, String> markers;
    private final Duration timeout;

    DlqReader(Consumer<byte[], RejectedRecord> rejected, Consumer<String, String> markers, Duration timeout) {
        this.rejected = rejected;
        this.markers = markers;
        this.timeout = timeout;
    }

    /**
     * Creates a reader.
     *
     * @param kafka properties that reach the cluster ({@code ClientConfigs.kafka(config)})
     * @param registry the schema registry the DLQ records were written with
     * @param timeout the longest wait for the cluster to answer or to make progress
     * @return the reader; close it
     */
    public static DlqReader create(Properties kafka, SchemaRegistryClient registry, Duration timeout) {
        return new DlqReader(
                new KafkaConsumer<>(consumerProperties(kafka, timeout), new ByteArrayDeserializer(),
                        new SpecificAvroDeserializer<>(registry, RejectedRecord.class)),
                new KafkaConsumer<>(consumerProperties(kafka, timeout), new StringDeserializer(),
                        new StringDeserializer()),
                timeout);
    }

    private static Properties consumerProperties(Properties kafka, Duration timeout) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        return props;
    }

    /**
     * Lists a dead-letter topic.
     *
     * @param dlqTopic the topic
     * @param filter which records to select
     * @param limit the most entries to return; the count of matches goes on past it
     * @return the listing
     * @throws DlqException when the topic does not exist or the cluster does not answer
     */
    public Listing list(String dlqTopic, DlqFilter filter, int limit) {
        List<DlqEntry> entries = new ArrayList<>();
        long[] matched = {0};
        TopicSnapshot.Result result = TopicSnapshot.read(rejected, dlqTopic, timeout, record -> {
            if (record.value() != null && filter.matches(record.value())) {
                matched[0]++;
                if (entries.size() < limit) {
                    entries.add(new DlqEntry(record.topic(), record.partition(), record.offset(), record.value()));
                }
            }
            return true;
        });
        return new Listing(entries, result.scanned(), matched[0], result.unreadable());
    }

    /**
     * Returns the {@code event_id}s of the rejected records that were already replayed, from the replay
     * bookkeeping topic. A topic that does not exist yet means none were.
     *
     * @param replaysTopic the bookkeeping topic ({@code TopicCatalogue.dlqReplays()})
     * @return the ids
     */
    public Set<String> replayedIds(String replaysTopic) {
        Set<String> ids = new HashSet<>();
        try {
            TopicSnapshot.read(markers, replaysTopic, timeout, record -> {
                if (record.value() == null) {
                    ids.remove(record.key());
                } else {
                    ids.add(record.key());
                }
                return true;
            });
        } catch (DlqException e) {
            if (e.isMissingTopic()) {
                return Set.of();
            }
            throw e;
        }
        return ids;
    }

    @Override
    public void close() {
        try {
            rejected.close();
        } finally {
            markers.close();
        }
    }
}
