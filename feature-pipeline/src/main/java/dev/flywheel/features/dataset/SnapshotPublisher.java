package dev.flywheel.features.dataset;

import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.topology.topics.Topic;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Where a built dataset is announced. */
@FunctionalInterface
public interface SnapshotPublisher {

    /** Publishes the snapshot, keyed by dataset id; returns once it is acknowledged. */
    void publish(DatasetSnapshot snapshot);

    /**
     * A publisher to {@code flywheel.datasets} (compacted, keyed by dataset id, so a rebuilt dataset replaces its
     * earlier snapshot). Close the returned producer through {@link Kafka#close()}.
     */
    static Kafka kafka(Topic<String, DatasetSnapshot> topic, Map<String, Object> kafkaConfig) {
        return new Kafka(topic, kafkaConfig);
    }

    /** Publishes with an idempotent producer. */
    final class Kafka implements SnapshotPublisher, AutoCloseable {
        private final Topic<String, DatasetSnapshot> topic;
        private final KafkaProducer<String, DatasetSnapshot> producer;

        Kafka(Topic<String, DatasetSnapshot> topic, Map<String, Object> kafkaConfig) {
            Map<String, Object> config = new HashMap<>(kafkaConfig);
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            this.topic = topic;
            this.producer = new KafkaProducer<>(config, new StringSerializer(), topic.valueSerde().serializer());
        }

        @Override
        public void publish(DatasetSnapshot snapshot) {
            try {
                producer.send(new ProducerRecord<>(topic.name(), snapshot.getDatasetId(), snapshot)).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing dataset " + snapshot.getDatasetId(), e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("publishing dataset " + snapshot.getDatasetId() + " failed: "
                        + e.getCause().getMessage(), e.getCause());
            }
        }

        @Override
        public void close() {
            producer.close();
        }
    }
}
