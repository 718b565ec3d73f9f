package dev.flywheel.registry;

import dev.flywheel.registry.versions.RegistryCommand;
import dev.flywheel.topology.topics.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes commands to the command topic, idempotently, and waits for the broker's acknowledgement (bounded). */
final class KafkaCommandSink implements CommandSink, AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final Producer<String, RegistryCommand> producer;
    private final Topic<String, RegistryCommand> topic;

    KafkaCommandSink(Properties clientConfig, Topic<String, RegistryCommand> topic) {
        Map<String, Object> config = new HashMap<>();
        clientConfig.forEach((key, value) -> config.put((String) key, value));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() - 1000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2 - 1000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.topic = topic;
        this.producer = new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    @Override
    public void send(RegistryCommand command) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), command.model(), command))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("Interrupted while sending command " + command.commandId(), e);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new RegistryUnavailableException("Cannot write command " + command.commandId() + " to "
                    + topic.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
