package dev.flywheel.training.flow;

import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.topology.topics.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code flywheel.training} from the beginning: first up to the end it finds at start, folding each request's
 * latest status, then resumes every request that has not ended; then follows the topic and runs each new request.
 * The topic is the trigger's memory: a restart loses nothing.
 */
public final class TrainingJournal implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJournal.class);

    /** Where the journal is. */
    public enum Phase {
        /** Not running yet. */
        STARTING,
        /** Reading the topic up to where it ended at start. */
        CATCHING_UP,
        /** Following the topic. */
        LIVE,
        /** Stopped (closed, or failed: see {@link #failure()}). */
        STOPPED
    }

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final String topic;
    private final RequestScheduler scheduler;
    private final Counter skipped;
    private final Map<String, TrainingRequested> requests = new LinkedHashMap<>();
    private final Map<String, TrainingJobStatus> statuses = new HashMap<>();
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * Creates the journal.
     *
     * @param training the topic
     * @param kafka Kafka client settings
     * @param scheduler runs the requests
     * @param meters where the skipped-record counter goes
     */
    public TrainingJournal(Topic<String, SpecificRecord> training, Map<String, Object> kafka, RequestScheduler scheduler,
                           MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), training.valueSerde().deserializer());
        this.topic = training.name();
        this.scheduler = scheduler;
        this.skipped = Counter.builder("flywheel.training.journal.skipped").description(
                "records of flywheel.training that could not be read").register(meters);
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            phase.set(Phase.CATCHING_UP);
            while (!caughtUp(end)) {
                poll(false);
            }
            resume();
            phase.set(Phase.LIVE);
            while (!Thread.currentThread().isInterrupted()) {
                poll(true);
            }
        } catch (WakeupException e) {
            LOG.debug("Training journal woken up to stop");
        } catch (RuntimeException e) {
            LOG.error("The training journal stopped", e);
            failure.set(e);
        } finally {
            phase.set(Phase.STOPPED);
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void poll(boolean live) {
        try {
            for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(500))) {
                fold(record.value(), live);
            }
        } catch (RecordDeserializationException e) {
            skipped.increment();
            LOG.error("Unreadable record on {} partition {} offset {}: skipped ({})", e.topicPartition().topic(),
                    e.topicPartition().partition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    private void fold(SpecificRecord event, boolean live) {
        if (event instanceof TrainingRequested request) {
            boolean fresh = requests.putIfAbsent(request.getRequestId(), request) == null;
            if (live && fresh) {
                scheduler.submit(request, Optional.empty());
            }
        } else if (event instanceof TrainingJobStatus status) {
            TrainingJobStatus previous = statuses.get(status.getRequestId());
            if (previous == null || !terminal(previous.getState())) {
                statuses.put(status.getRequestId(), status);
            }
        }
    }

    private void resume() {
        int resumed = 0;
        for (TrainingRequested request : requests.values()) {
            Optional<TrainingJobStatus> last = Optional.ofNullable(statuses.get(request.getRequestId()));
            if (last.map(s -> !terminal(s.getState())).orElse(true)) {
                scheduler.submit(request, last);
                resumed++;
            }
        }
        LOG.info("Training journal caught up: {} requests, {} resumed", requests.size(), resumed);
    }

    private static boolean terminal(TrainingState state) {
        return state == TrainingState.SUCCEEDED || state == TrainingState.FAILED;
    }

    /** Where the journal is. */
    public Phase phase() {
        return phase.get();
    }

    /** Why it stopped, if it failed. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Stops the loop (from another thread). */
    @Override
    public void close() {
        consumer.wakeup();
    }
}
