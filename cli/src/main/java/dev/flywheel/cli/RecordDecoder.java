package dev.flywheel.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import dev.flywheel.schemas.serde.AvroDeserializer;
import dev.flywheel.schemas.serde.InvalidPayloadException;
import dev.flywheel.schemas.serde.WireFormat;
import dev.flywheel.schemas.serde.WrongMagicByteException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a Kafka record into one JSON object for {@code flywheel tail}: its coordinates, and its key and value
 * decoded through the schema registry when they are in the Confluent wire format, as text when they are UTF-8,
 * else as base64. A payload that claims the wire format but cannot be decoded (unknown schema id, truncated,
 * corrupt) is not fatal: the record is printed with {@code "undecodable": true}, the reason code and message, and
 * the bytes in base64. Registry trouble ({@code SchemaRegistryAccessException}) is not the record's fault and is
 * thrown.
 */
final class RecordDecoder {

    private final AvroDeserializer avro;

    RecordDecoder(SchemaRegistryClient registry) {
        this.avro = new AvroDeserializer(registry);
    }

    ObjectNode decode(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode node = JsonNodeFactory.instance.objectNode()
                .put("topic", record.topic())
                .put("partition", record.partition())
                .put("offset", record.offset())
                .put("timestamp", java.time.Instant.ofEpochMilli(record.timestamp()).toString());
        part(node, "key", record.topic(), record.key());
        part(node, "value", record.topic(), record.value());
        return node;
    }

    private void part(ObjectNode node, String name, String topic, byte[] bytes) {
        if (bytes == null) {
            node.putNull(name);
            return;
        }
        try {
            Object decoded = avro.deserialize(topic, bytes);
            node.set(name, AvroJson.of(decoded));
            node.put(name + "_schema_id", WireFormat.schemaIdOf(bytes).orElseThrow());
        } catch (WrongMagicByteException | dev.flywheel.schemas.serde.TruncatedPayloadException e) {
            if (bytes.length > 0 && bytes[0] == WireFormat.MAGIC_BYTE) {
                undecodable(node, name, bytes, e);
            } else {
                plain(node, name, bytes);
            }
        } catch (InvalidPayloadException e) {
            undecodable(node, name, bytes, e);
        }
    }

    /** Not the wire format: a producer's plain key or value. */
    private static void plain(ObjectNode node, String name, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            node.put(name, text);
        } catch (CharacterCodingException e) {
            node.put(name, AvroJson.base64(bytes));
            node.put(name + "_encoding", "base64");
        }
    }

    private static void undecodable(ObjectNode node, String name, byte[] bytes, InvalidPayloadException e) {
        node.put("undecodable", true);
        node.putNull(name);
        node.put(name + "_error", e.reasonCode() + ": " + e.getMessage());
        node.put(name + "_base64", AvroJson.base64(bytes));
    }
}
