package dev.flywheel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * Avro values as JSON trees: records and maps as objects (fields in schema order), arrays as arrays, strings and
 * enum symbols as text, numbers and booleans as such, bytes and fixed as base64 text. Unlike Avro's own JSON
 * encoding, unions are not wrapped in a type name: this is for people and {@code jq}, not for decoding again.
 */
final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    static JsonNode of(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof GenericRecord record) {
            ObjectNode node = NODES.objectNode();
            for (Schema.Field field : record.getSchema().getFields()) {
                node.set(field.name(), of(record.get(field.pos())));
            }
            return node;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            map.forEach((k, v) -> node.set(String.valueOf(k), of(v)));
            return node;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode node = NODES.arrayNode();
            items.forEach(item -> node.add(of(item)));
            return node;
        }
        return scalar(value);
    }

    private static JsonNode scalar(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Float || value instanceof Double) {
            return NODES.numberNode(((Number) value).doubleValue());
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof ByteBuffer buffer) {
            return NODES.textNode(base64(Utils.toArray(buffer.duplicate())));
        }
        if (value instanceof byte[] bytes) {
            return NODES.textNode(base64(bytes));
        }
        if (value instanceof GenericFixed fixed) {
            return NODES.textNode(base64(fixed.bytes()));
        }
        // Strings (Utf8), enum symbols, and logical-type values such as Instant: their text.
        return NODES.textNode(value.toString());
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
