package dev.flywheel.training;

import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.training.flow.StatusSink;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes statuses and manual requests to {@code flywheel.training} with an idempotent producer. */
final class KafkaStatusSink implements StatusSink, AutoCloseable {

    private final String topic;
    private final KafkaProducer<String, SpecificRecord> producer;

    KafkaStatusSink(Topic<String, SpecificRecord> training, Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.topic = training.name();
        this.producer = new KafkaProducer<>(config, new StringSerializer(), training.valueSerde().serializer());
    }

    @Override
    public void publish(TrainingJobStatus status) {
        send(status.getRequestId(), status);
    }

    /** Sends an event keyed by its request id and waits for the acknowledgement. */
    void send(String requestId, SpecificRecord event) {
        try {
            producer.send(new ProducerRecord<>(topic, requestId, event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
