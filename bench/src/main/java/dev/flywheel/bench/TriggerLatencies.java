package dev.flywheel.bench;

import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows {@code flywheel.training} for the trigger benchmark and times each model's first request and submission
 * against the moment its alarm was sent. It reads uncommitted: statuses are not transactional, and waiting for the
 * policy stage's open transactions on the same partition would add their commit interval to the "read" figure.
 */
final class TriggerLatencies implements AutoCloseable {

    /** Per-trial percentiles, in milliseconds. */
    record Summary(double p50, double p99, double max, double readP50, double readP99, double policyP50,
                   double flowP50) {
    }

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final String topic;
    private final Map<String, Instant> sent = new ConcurrentHashMap<>();
    private final Map<String, Instant> requested = new ConcurrentHashMap<>();
    private final Map<String, Instant> submitted = new ConcurrentHashMap<>();
    private final Map<String, Instant> submittedRead = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile RuntimeException failure;

    TriggerLatencies(FlywheelConfig config, Topic<String, SpecificRecord> training) {
        Properties props = ClientConfigs.kafka(config);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), training.valueSerde().deserializer());
        this.topic = training.name();
        this.thread = new Thread(this::follow, "bench-training-follower");
        this.thread.setDaemon(true);
    }

    /** Positions the consumer at the end of the topic, then follows it on its own thread. */
    void start() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread.start();
    }

    private void follow() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(100))) {
                    Instant read = Instant.now();
                    if (record.value() instanceof TrainingRequested request) {
                        requested.putIfAbsent(request.getModel(), request.getOccurredAt());
                    } else if (record.value() instanceof TrainingJobStatus status
                            && status.getState() == TrainingState.SUBMITTED
                            && submitted.putIfAbsent(status.getModel(), status.getOccurredAt()) == null) {
                        submittedRead.put(status.getModel(), read);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Notes when a model's alarm was sent. */
    void sent(String model, Instant at) {
        sent.put(model, at);
    }

    /** Waits until every model's job was submitted. */
    void awaitSubmitted(List<String> models, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!submitted.keySet().containsAll(models)) {
            if (failure != null) {
                throw new IllegalStateException("following the training topic failed", failure);
            }
            if (System.nanoTime() > deadline) {
                long missing = models.stream().filter(m -> !submitted.containsKey(m)).count();
                throw new IllegalStateException(missing + " of " + models.size() + " jobs not submitted after "
                        + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** The percentiles over the given models. */
    Summary summary(List<String> models) {
        List<Double> stamped = new ArrayList<>();
        List<Double> read = new ArrayList<>();
        List<Double> policy = new ArrayList<>();
        List<Double> flow = new ArrayList<>();
        for (String model : models) {
            Instant alarm = sent.get(model);
            stamped.add(millis(alarm, submitted.get(model)));
            read.add(millis(alarm, submittedRead.get(model)));
            if (requested.containsKey(model)) {
                policy.add(millis(alarm, requested.get(model)));
                flow.add(millis(requested.get(model), submitted.get(model)));
            }
        }
        return new Summary(percentile(stamped, 0.50), percentile(stamped, 0.99), percentile(stamped, 1.0),
                percentile(read, 0.50), percentile(read, 0.99), percentile(policy, 0.50), percentile(flow, 0.50));
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    /** Nearest-rank percentile: exact over the trial's values. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5_000);
        consumer.close(Duration.ofSeconds(5));
    }
}
