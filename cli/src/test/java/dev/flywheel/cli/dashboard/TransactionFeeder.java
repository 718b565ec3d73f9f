package dev.flywheel.cli.dashboard;

import dev.flywheel.schemas.serde.AvroSerdeConfig;
import dev.flywheel.schemas.serde.GenericAvroSerializer;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A small producer for the browser test: every {@code period} it writes four Avro {@code Transaction}s (Confluent
 * wire format, schema registered on first use) to the source topic on the broker, as a producer team would; the last
 * of each four breaks the contract (a negative amount), so the ingestion stage sends it to the DLQ and the pages see
 * accepted and rejected records grow.
 */
final class TransactionFeeder implements LiveTraffic {

    static final Schema SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Transaction\","
            + "\"fields\":[{\"name\":\"card_id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"double\"},"
            + "{\"name\":\"country\",\"type\":\"string\"},"
            + "{\"name\":\"ts\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}}]}");

    private final String topic;
    private final KafkaProducer<String, Object> producer;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dashboard-it-feeder");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private TransactionFeeder(String topic, KafkaProducer<String, Object> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    /**
     * Starts writing at once.
     *
     * @param config the stack's resolved settings (broker and registry)
     * @param topic the source topic
     * @param period the pause between two batches
     * @return the running feeder
     */
    static TransactionFeeder start(FlywheelConfig config, String topic, Duration period) {
        GenericAvroSerializer values = new GenericAvroSerializer();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, config.registryUrl().toString(),
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "true"), false);
        @SuppressWarnings({"unchecked", "rawtypes"})
        KafkaProducer<String, Object> producer = new KafkaProducer<>(ClientConfigs.kafka(config),
                new StringSerializer(), (org.apache.kafka.common.serialization.Serializer) values);
        TransactionFeeder feeder = new TransactionFeeder(topic, producer);
        feeder.scheduler.scheduleWithFixedDelay(feeder::sendBatch, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return feeder;
    }

    private void sendBatch() {
        if (failure.get() != null) {
            return;
        }
        int batch = batches.incrementAndGet();
        try {
            for (int i = 0; i < 4; i++) {
                GenericRecord record = new GenericData.Record(SCHEMA);
                String card = "card-" + (batch * 4 + i) % 20;
                record.put("card_id", card);
                record.put("amount", i == 3 ? -1.0 : 10.0 + batch % 50 + i);
                record.put("country", "US");
                record.put("ts", System.currentTimeMillis());
                producer.send(new ProducerRecord<>(topic, card, record));
            }
            producer.flush();
        } catch (RuntimeException e) {
            // Kept for assertHealthy(): an exception thrown here would only cancel the schedule, unseen.
            failure.compareAndSet(null, e);
        }
    }

    @Override
    public void assertHealthy() {
        Exception e = failure.get();
        if (e != null) {
            throw new AssertionError("The test producer failed after " + batches.get() + " batches: " + e, e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
