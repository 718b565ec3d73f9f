package dev.flywheel.cli.kafka;

import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.topology.topics.Topic;
import dev.flywheel.training.policy.TrainingRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A training asked for by hand, shared by {@code flywheel train} and the dashboard's train route: a
 * {@code TrainingRequested} (trigger MANUAL) built by the trigger's own {@link TrainingRequests#manual}, whose only
 * cause is the command id, written to {@code flywheel.training}. The trigger's policy books it like any other
 * request; the same command id always makes the same request id, so a retry never trains twice.
 */
public final class ManualTraining {

    /**
     * A request that was written.
     *
     * @param request the request
     * @param commandId its cause, {@code manual:<id>}
     * @param written where it was written
     */
    public record Requested(TrainingRequested request, String commandId, RecordMetadata written) {
    }

    private ManualTraining() {
    }

    /**
     * Builds the request and writes it, waiting for the broker's acknowledgement.
     *
     * @param kafka properties that reach the cluster
     * @param timeout the longest wait for the cluster
     * @param training the training topic of the catalogue
     * @param model the model of the spec
     * @param commandId the command id without its {@code manual:} prefix
     * @param requestedBy who asks
     * @param at when
     * @return the request and where it was written
     * @throws IllegalStateException when the broker does not take it
     */
    public static Requested request(Properties kafka, Duration timeout, Topic<String, SpecificRecord> training,
                                    ModelSpec model, String commandId, String requestedBy, Instant at) {
        String cause = "manual:" + commandId;
        TrainingRequested request = TrainingRequests.manual(model, cause, requestedBy, at);
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() * 2);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(props,
                training.keySerde().serializer(), training.valueSerde().serializer())) {
            RecordMetadata written = producer.send(new ProducerRecord<>(training.name(), request.getRequestId(),
                    request)).get();
            return new Requested(request, cause, written);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot write the request to " + training.name() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing the request to " + training.name(), e);
        }
    }
}
