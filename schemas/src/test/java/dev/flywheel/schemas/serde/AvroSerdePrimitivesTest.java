package dev.flywheel.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdePrimitivesTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerde serde = new AvroSerde(registry);

    @Test
    void shouldRoundTripBytesSchemaAsRawBodyLikeConfluent() {
        byte[] value = {1, 2, 3, (byte) 0xff};

        byte[] bytes = serde.serializer().serialize("blobs", value);

        assertThat(registry.getLatest("blobs-value").avroSchema()).isEqualTo(Schema.create(Schema.Type.BYTES));
        assertThat(Arrays.copyOfRange(bytes, WireFormat.HEADER_SIZE, bytes.length)).isEqualTo(value);
        assertThat(serde.deserializer().deserialize("blobs", bytes)).isEqualTo(value);
    }

    @Test
    void shouldRoundTripByteBufferAsBytes() {
        byte[] bytes = serde.serializer().serialize("blobs", ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)));

        assertThat(serde.deserializer().deserialize("blobs", bytes)).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRoundTripEmptyBytes() {
        byte[] bytes = serde.serializer().serialize("blobs", new byte[0]);

        assertThat(bytes).hasSize(WireFormat.HEADER_SIZE);
        assertThat(serde.deserializer().deserialize("blobs", bytes)).isEqualTo(new byte[0]);
    }

    @Test
    void shouldRoundTripStringAsJavaString() {
        byte[] bytes = serde.serializer().serialize("names", "héllo");

        assertThat(serde.deserializer().deserialize("names", bytes)).isEqualTo("héllo");
    }

    @Test
    void shouldRoundTripNumbersAndBooleans() {
        assertThat(roundTrip(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(roundTrip(-7)).isEqualTo(-7);
        assertThat(roundTrip(2.5d)).isEqualTo(2.5d);
        assertThat(roundTrip(1.25f)).isEqualTo(1.25f);
        assertThat(roundTrip(true)).isEqualTo(true);
    }

    @Test
    void shouldRegisterOnePrimitiveSchemaPerTopic() {
        serde.serializer().serialize("counts", 1L);
        serde.serializer().serialize("counts", 2L);

        assertThat(registry.getVersions("counts-value")).containsExactly(1);
        assertThat(registry.getLatest("counts-value").avroSchema().getType()).isEqualTo(Schema.Type.LONG);
    }

    @Test
    void shouldRejectValueAvroCannotRepresent() {
        assertThatThrownBy(() -> serde.serializer().serialize("things", new Object()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot serialize a java.lang.Object for topic 'things' as Avro");
    }

    private Object roundTrip(Object value) {
        String topic = "values-" + value.getClass().getSimpleName();
        return serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, value));
    }
}
