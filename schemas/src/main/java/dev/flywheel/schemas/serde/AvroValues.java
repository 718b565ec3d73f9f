package dev.flywheel.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.errors.SerializationException;

/** The Avro schema of a Java value: its own for Avro containers, the matching primitive schema otherwise. */
final class AvroValues {

    private static final Schema BOOLEAN = Schema.create(Schema.Type.BOOLEAN);
    private static final Schema INT = Schema.create(Schema.Type.INT);
    private static final Schema LONG = Schema.create(Schema.Type.LONG);
    private static final Schema FLOAT = Schema.create(Schema.Type.FLOAT);
    private static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);
    private static final Schema STRING = Schema.create(Schema.Type.STRING);
    private static final Schema BYTES = Schema.create(Schema.Type.BYTES);

    private AvroValues() {
    }

    static Schema schemaOf(String topic, Object value) {
        if (value instanceof GenericContainer container) {
            return container.getSchema();
        } else if (value instanceof CharSequence) {
            return STRING;
        } else if (value instanceof byte[] || value instanceof ByteBuffer) {
            return BYTES;
        } else if (value instanceof Long) {
            return LONG;
        } else if (value instanceof Integer) {
            return INT;
        } else if (value instanceof Double) {
            return DOUBLE;
        } else if (value instanceof Float) {
            return FLOAT;
        } else if (value instanceof Boolean) {
            return BOOLEAN;
        }
        throw new SerializationException("Cannot serialize a " + value.getClass().getName() + " for topic '" + topic
                + "' as Avro: expected a GenericContainer (record, enum, fixed), CharSequence, byte[], ByteBuffer, "
                + "Long, Integer, Double, Float or Boolean");
    }

    /** The bytes of a {@code bytes} value, which the wire format carries raw. */
    static byte[] bytesOf(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
