package dev.flywheel.cli;

import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.topology.config.FlywheelConfig;
import dev.flywheel.topology.topics.Topic;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows one training request's {@code TrainingJobStatus} events on {@code flywheel.training} until a terminal
 * state. Statuses are keyed by the request id, so they are on the request's partition; it is read from its
 * beginning, so a status written before the command started (a retried {@code --id}) is seen too.
 */
final class StatusFollower {

    private final FlywheelConfig config;
    private final Topic<String, SpecificRecord> training;
    private final String requestId;
    private final Duration timeout;

    StatusFollower(FlywheelConfig config, Topic<String, SpecificRecord> training, String requestId,
                   Duration timeout) {
        this.config = config;
        this.training = training;
        this.requestId = requestId;
        this.timeout = timeout;
    }

    /**
     * Waits for the terminal status.
     *
     * @param partition the request's partition
     * @param progress where each new state is printed as it comes; null prints nothing
     * @return the SUCCEEDED or FAILED status
     * @throws IllegalStateException when none came within the timeout
     */
    TrainingJobStatus follow(int partition, PrintWriter progress) {
        Properties props = KafkaClients.bounded(config, KafkaClients.TIMEOUT);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition tp = new TopicPartition(training.name(), partition);
        long deadline = System.nanoTime() + timeout.toNanos();
        TrainingState last = null;
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(props,
                training.keySerde().deserializer(), training.valueSerde().deserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!requestId.equals(record.key()) || !(record.value() instanceof TrainingJobStatus status)) {
                        continue;
                    }
                    if (status.getState() != last && progress != null) {
                        progress.printf("%s  %-9s job %s%s%n", status.getOccurredAt(), status.getState(),
                                status.getJobName(), status.getReason() == null ? "" : ": " + status.getReason());
                        progress.flush();
                    }
                    last = status.getState();
                    if (last == TrainingState.SUCCEEDED || last == TrainingState.FAILED) {
                        return status;
                    }
                }
            }
        }
        throw new IllegalStateException("Request " + requestId + " did not finish within " + timeout.toSeconds()
                + " s (last state: " + (last == null ? "none yet: is the training trigger running?" : last) + ")");
    }
}
