package dev.flywheel.drift.stream;

import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.ModelPromoted;
import dev.flywheel.schemas.events.ModelVersion;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of the monitor's internal topic: a tag byte, then an observation (name, type, value per feature)
 * or the plain Avro binary of a reference event. Internal to one stage, so no registry is involved.
 */
final class MonitorInputSerde {

    private static final byte OBSERVATION = 0;
    private static final byte SNAPSHOT = 1;
    private static final byte PROMOTED = 2;
    private static final byte VERSION = 3;
    private static final byte NULL = 0;
    private static final byte DOUBLE = 1;
    private static final byte STRING = 2;

    private MonitorInputSerde() {
    }

    static Serde<MonitorInput> serde() {
        return Serdes.serdeFrom((Serializer<MonitorInput>) (topic, input) -> input == null ? null : encode(input),
                (Deserializer<MonitorInput>) (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    static byte[] encode(MonitorInput input) {
        if (input instanceof MonitorInput.ReferenceEvent reference) {
            byte tag = reference.event() instanceof DatasetSnapshot ? SNAPSHOT
                    : reference.event() instanceof ModelPromoted ? PROMOTED : VERSION;
            byte[] body = AvroBytes.encode(reference.event());
            byte[] out = new byte[body.length + 1];
            out[0] = tag;
            System.arraycopy(body, 0, out, 1, body.length);
            return out;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Map<String, Object> values = ((MonitorInput.Observation) input).values();
            out.writeByte(OBSERVATION);
            out.writeInt(values.size());
            for (Map.Entry<String, Object> value : values.entrySet()) {
                out.writeUTF(value.getKey());
                if (value.getValue() == null) {
                    out.writeByte(NULL);
                } else if (value.getValue() instanceof Double number) {
                    out.writeByte(DOUBLE);
                    out.writeDouble(number);
                } else {
                    out.writeByte(STRING);
                    out.writeUTF(value.getValue().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static MonitorInput decode(byte[] bytes) {
        return switch (bytes[0]) {
            case SNAPSHOT -> new MonitorInput.ReferenceEvent(AvroBytes.decode(bytes, 1, DatasetSnapshot.class));
            case PROMOTED -> new MonitorInput.ReferenceEvent(AvroBytes.decode(bytes, 1, ModelPromoted.class));
            case VERSION -> new MonitorInput.ReferenceEvent(AvroBytes.decode(bytes, 1, ModelVersion.class));
            case OBSERVATION -> observation(bytes);
            default -> throw new IllegalArgumentException("unknown monitor input tag " + bytes[0] + " in "
                    + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 8))));
        };
    }

    private static MonitorInput observation(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            int size = in.readInt();
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                String name = in.readUTF();
                byte type = in.readByte();
                values.put(name, type == NULL ? null : type == DOUBLE ? (Object) in.readDouble() : in.readUTF());
            }
            return new MonitorInput.Observation(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
