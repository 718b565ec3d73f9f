package dev.flywheel.ingestion.producer;

import dev.flywheel.schemas.registry.IncompatibleSchemaException;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.schemas.registry.SchemaRegistryException;
import dev.flywheel.schemas.serde.AvroSerdeConfig;
import dev.flywheel.schemas.serde.GenericAvroSerializer;
import dev.flywheel.schemas.serde.SchemaRegistryAccessException;
import dev.flywheel.schemas.serde.TopicNameStrategy;
import dev.flywheel.schemas.serde.WireFormat;
import dev.flywheel.topology.config.ClientConfigs;
import dev.flywheel.topology.config.FlywheelConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Produces Avro records to a source topic in the Confluent wire format, for producers that do not bring
 * their own serializer. The value's schema is registered under the topic's value subject
 * ({@code <topic>-value}) on first use, or only looked up when {@link ProducerSettings#autoRegisterSchemas()}
 * is off. Sends are idempotent with {@code acks=all}, compressed and batched ({@link ProducerSettings}).
 * Thread-safe; share one per application.
 *
 * <pre>{@code
 * FlywheelConfig config = FlywheelConfig.load(System.getenv(), Map.of());
 * try (SchemaRegistryClient registry = ClientConfigs.schemaRegistryClient(config);
 *      FlywheelProducer producer = FlywheelProducer.create(config, registry)) {
 *     String topic = catalogue.sourceInput("transactions").name();
 *     GenericRecord txn = new GenericRecordBuilder(schema).set("card_id", "c-1").set("amount", 12.5).build();
 *     RecordMetadata written = producer.send(topic, "c-1", txn).get();   // acknowledged by all in-sync replicas
 * }
 * }</pre>
 *
 * <p>Failures: a value that does not fit its schema throws {@link SerializationException} from {@code send};
 * a registry that refuses or cannot be reached throws {@link SchemaRegistryAccessException}; a broker that
 * cannot take the record completes the future exceptionally within
 * {@link ProducerSettings#deliveryTimeout()} (plus {@link ProducerSettings#maxBlock()} while metadata is missing).
 */
public final class FlywheelProducer implements AutoCloseable {

    private static final TopicNameStrategy SUBJECTS = new TopicNameStrategy();

    private final Producer<byte[], byte[]> producer;
    private final SchemaRegistryClient registry;
    private final boolean autoRegister;
    private final GenericAvroSerializer serializer;

    private FlywheelProducer(Producer<byte[], byte[]> producer, SchemaRegistryClient registry, boolean autoRegister) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.autoRegister = autoRegister;
        this.serializer = new GenericAvroSerializer(registry);
        serializer.configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, autoRegister), false);
    }

    /** A producer for the configured cluster (bootstrap servers and security) with default settings. */
    public static FlywheelProducer create(FlywheelConfig config, SchemaRegistryClient registry) {
        return create(config, registry, ProducerSettings.defaults());
    }

    /** A producer for the configured cluster (bootstrap servers and security) with these settings. */
    public static FlywheelProducer create(FlywheelConfig config, SchemaRegistryClient registry, ProducerSettings settings) {
        return create(ClientConfigs.kafka(config), registry, settings);
    }

    /** A producer for a plaintext cluster at these bootstrap servers ({@code host:port,...}). */
    public static FlywheelProducer create(String bootstrapServers, SchemaRegistryClient registry, ProducerSettings settings) {
        Properties connection = new Properties();
        connection.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return create(connection, registry, settings);
    }

    private static FlywheelProducer create(Properties connection, SchemaRegistryClient registry, ProducerSettings settings) {
        return new FlywheelProducer(new KafkaProducer<>(ProducerProperties.of(connection, settings)), registry,
                settings.autoRegisterSchemas());
    }

    /**
     * Wraps a byte-array producer the caller configured (or a {@code MockProducer} in tests); the wrapper owns
     * it and closes it.
     */
    public static FlywheelProducer wrapping(Producer<byte[], byte[]> producer, SchemaRegistryClient registry,
                                            boolean autoRegisterSchemas) {
        return new FlywheelProducer(producer, registry, autoRegisterSchemas);
    }

    /**
     * The registry id of a schema under {@code <topic>-value}: registered if needed (auto-register on), else
     * looked up. The registry client caches it.
     *
     * @throws SchemaRegistryAccessException when the registry refuses (incompatible, not registered) or cannot
     *     be reached; the cause is the registry's {@link SchemaRegistryException}
     */
    public int schemaId(String topic, Schema schema) {
        String subject = SUBJECTS.subjectName(topic, false, schema);
        try {
            return autoRegister ? registry.register(subject, schema) : registry.getId(subject, schema);
        } catch (IncompatibleSchemaException e) {
            throw new SchemaRegistryAccessException("Cannot register schema " + schema.getFullName() + " under subject '"
                    + subject + "': it is incompatible with the subject's earlier versions (" + e.getMessage() + ")", e);
        } catch (SchemaRegistryException e) {
            String what = !autoRegister && e.isNotFound()
                    ? "schema " + schema.getFullName() + " is not registered under subject '" + subject
                            + "' and auto-registration is off; register it first"
                    : "schema registry " + registry.describe() + " failed while " + (autoRegister ? "registering" : "looking up")
                            + " schema " + schema.getFullName() + " under subject '" + subject + "'";
            throw new SchemaRegistryAccessException("Cannot produce to topic '" + topic + "': " + what + " ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Sends a record keyed by the UTF-8 bytes of {@code key} (null for no key).
     *
     * @see #send(String, byte[], GenericRecord)
     */
    public CompletableFuture<RecordMetadata> send(String topic, String key, GenericRecord value) {
        return send(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    /**
     * Serializes a record with its own schema (registered or looked up under {@code <topic>-value}) and sends it.
     *
     * @return completes with the record's partition and offset once all in-sync replicas have it, or
     *     exceptionally when the broker cannot take it within the delivery timeout
     * @throws SerializationException when the value does not fit its schema
     * @throws SchemaRegistryAccessException when the registry refuses the schema or cannot be reached
     */
    public CompletableFuture<RecordMetadata> send(String topic, byte[] key, GenericRecord value) {
        Objects.requireNonNull(value, "value: a tombstone has no schema; use a Kafka producer for deletes");
        return sendPayload(topic, key, serializer.serialize(topic, value));
    }

    /**
     * Sends a value already encoded as Avro binary (no header) with {@code schema}: adds the wire-format header
     * with the schema's id. The body is not checked against the schema; the ingestion stage dead-letters a body
     * that does not decode.
     *
     * @throws SchemaRegistryAccessException when the registry refuses the schema or cannot be reached
     */
    public CompletableFuture<RecordMetadata> sendEncoded(String topic, byte[] key, Schema schema, byte[] avroBody) {
        Objects.requireNonNull(avroBody, "avroBody");
        int id = schemaId(topic, schema);
        ByteBuffer payload = ByteBuffer.allocate(WireFormat.HEADER_SIZE + avroBody.length);
        payload.put(WireFormat.MAGIC_BYTE).putInt(id).put(avroBody);
        return sendPayload(topic, key, payload.array());
    }

    private CompletableFuture<RecordMetadata> sendPayload(String topic, byte[] key, byte[] payload) {
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, payload), (metadata, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(metadata);
                }
            });
        } catch (KafkaException e) {
            // Kafka throws (rather than failing the future) for a few local problems, e.g. a record over
            // max.request.size; callers see every delivery problem the same way.
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Sends every buffered record now and waits until each has completed. */
    public void flush() {
        producer.flush();
    }

    /** Flushes and closes, waiting at most {@code timeout} for outstanding sends. */
    public void close(Duration timeout) {
        try {
            producer.close(timeout);
        } finally {
            serializer.close();
        }
    }

    /** Flushes and closes, waiting for outstanding sends up to Kafka's default bound. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
