package dev.flywheel.topology.runtime;

import dev.flywheel.schemas.events.RejectedRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Plain Avro binary for {@code RejectedRecord}, so runtime tests need no schema registry. */
final class RejectedRecordSerde {

    private RejectedRecordSerde() {
    }

    static Serializer<RejectedRecord> serializer() {
        return (topic, record) -> {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                new SpecificDatumWriter<>(RejectedRecord.class).write(record, encoder);
                encoder.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    static Deserializer<RejectedRecord> deserializer() {
        return (topic, bytes) -> {
            try {
                return new SpecificDatumReader<>(RejectedRecord.class).read(null,
                        DecoderFactory.get().binaryDecoder(bytes, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
