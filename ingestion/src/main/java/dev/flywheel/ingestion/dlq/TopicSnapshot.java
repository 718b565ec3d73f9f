package dev.flywheel.ingestion.dlq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole topic as it is now: every partition from its beginning up to the end offset it had when
 * the read started (records written meanwhile are left for the next read). A record that cannot be
 * decoded is skipped, logged with its coordinates and reported, never silently.
 */
final class TopicSnapshot {

    private static final Logger log = LoggerFactory.getLogger(TopicSnapshot.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * What a read went through.
     *
     * @param scanned records read (decoded or not)
     * @param unreadable coordinates ({@code topic/partition/offset}) of records that could not be decoded
     */
    record Result(long scanned, List<String> unreadable) {
        Result {
            unreadable = List.copyOf(unreadable);
        }
    }

    private TopicSnapshot() {
    }

    /**
     * Reads a topic.
     *
     * @param consumer a consumer with no group subscription; it is assigned the topic's partitions
     * @param topic the topic
     * @param timeout the longest wait for metadata, or for any progress while reading
     * @param visitor gets each record in partition order; returning false stops the read early
     * @return what was read
     * @throws DlqException when the topic does not exist or the cluster stops answering
     */
    static <K, V> Result read(Consumer<K, V> consumer, String topic, Duration timeout,
                              Predicate<ConsumerRecord<K, V>> visitor) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new DlqException("Kafka did not answer within " + timeout + " when asked for topic " + topic
                    + ": is it running and are the bootstrap servers right?", e);
        }
        if (infos == null || infos.isEmpty()) {
            throw DlqException.missingTopic(topic);
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        long scanned = 0;
        List<String> unreadable = new ArrayList<>();
        long lastProgress = System.nanoTime();
        while (!reachedEnd(consumer, end, timeout)) {
            try {
                var records = consumer.poll(POLL);
                for (ConsumerRecord<K, V> record : records) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue;
                    }
                    scanned++;
                    if (!visitor.test(record)) {
                        return new Result(scanned, unreadable);
                    }
                }
                if (!records.isEmpty()) {
                    lastProgress = System.nanoTime();
                }
            } catch (RecordDeserializationException e) {
                String where = e.topicPartition().topic() + "/" + e.topicPartition().partition() + "/" + e.offset();
                log.warn("Skipping undecodable record {}: {}", where, e.getCause() != null ? e.getCause() : e);
                unreadable.add(where);
                scanned++;
                consumer.seek(e.topicPartition(), e.offset() + 1);
                lastProgress = System.nanoTime();
            }
            if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                throw new DlqException("No progress reading " + topic + " for " + timeout
                        + ": is Kafka still reachable?", null);
            }
        }
        return new Result(scanned, unreadable);
    }

    private static boolean reachedEnd(Consumer<?, ?> consumer, Map<TopicPartition, Long> end, Duration timeout) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey(), timeout) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }
}
