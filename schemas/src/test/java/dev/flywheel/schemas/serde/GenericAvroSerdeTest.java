package dev.flywheel.schemas.serde;

import static dev.flywheel.schemas.serde.TestRecords.ORDER_ID_ONLY;
import static dev.flywheel.schemas.serde.TestRecords.ORDER_INCOMPATIBLE;
import static dev.flywheel.schemas.serde.TestRecords.ORDER_V1;
import static dev.flywheel.schemas.serde.TestRecords.ORDER_V2;
import static dev.flywheel.schemas.serde.TestRecords.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.ReasonCodes;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class GenericAvroSerdeTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final GenericAvroSerde serde = new GenericAvroSerde(registry);

    @Test
    void shouldRoundTripGenericRecord() {
        GenericRecord original = order("o-1", 12.5);

        byte[] bytes = serde.serializer().serialize("orders", original);
        GenericRecord read = serde.deserializer().deserialize("orders", bytes);

        assertThat(read).isEqualTo(original);
        assertThat(read.get("id")).isInstanceOf(CharSequence.class);
        assertThat(read.get("id").toString()).isEqualTo("o-1");
    }

    @Test
    void shouldWriteMagicByteAndBigEndianSchemaIdRegisteredUnderTopicValueSubject() {
        registry.register("other", ORDER_ID_ONLY);

        byte[] bytes = serde.serializer().serialize("orders", order("o-1", 1));

        int id = registry.getLatest("orders-value").id();
        assertThat(id).isEqualTo(2);
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(WireFormat.schemaIdOf(bytes)).hasValue(id);
    }

    @Test
    void shouldRegisterKeysUnderTopicKeySubject() {
        GenericAvroSerde keys = new GenericAvroSerde(registry);
        keys.configure(Map.of(), true);

        keys.serializer().serialize("orders", order("o-1", 1));

        assertThat(registry.getAllSubjects()).containsExactly("orders-key");
    }

    @Test
    void shouldPassTombstonesThrough() {
        assertThat(serde.serializer().serialize("orders", null)).isNull();
        assertThat(serde.deserializer().deserialize("orders", null)).isNull();
    }

    @Test
    void shouldReadOldWriterWithNewerPinnedReaderSchema() {
        byte[] v1 = serde.serializer().serialize("orders", order("o-1", 3));
        GenericAvroDeserializer reader = new GenericAvroDeserializer(registry, ORDER_V2);

        GenericRecord read = reader.deserialize("orders", v1);

        assertThat(read.getSchema()).isEqualTo(ORDER_V2);
        assertThat(read.get("currency").toString()).isEqualTo("EUR");
        assertThat(read.get("amount")).isEqualTo(3.0);
    }

    @Test
    void shouldSkipArrayMapAndUnionFieldsTheReaderDoesNotHave() {
        byte[] v1 = serde.serializer().serialize("orders", order("o-1", 3));

        GenericRecord read = new GenericAvroDeserializer(registry, ORDER_ID_ONLY).deserialize("orders", v1);

        assertThat(read.get("id").toString()).isEqualTo("o-1");
    }

    @Test
    void shouldRejectWriterSchemaThePinnedReaderCannotRead() {
        byte[] v1 = serde.serializer().serialize("orders", order("o-1", 3));
        GenericAvroDeserializer reader = new GenericAvroDeserializer(registry, ORDER_INCOMPATIBLE);

        assertThatThrownBy(() -> reader.deserialize("orders", v1))
                .isInstanceOfSatisfying(IncompatibleWriterSchemaException.class, e -> {
                    assertThat(e.reasonCode()).isEqualTo(ReasonCodes.INCOMPATIBLE_SCHEMA);
                    assertThat(e.schemaId()).isPresent();
                })
                .hasMessageContaining("topic 'orders'")
                .hasMessageContaining("TYPE_MISMATCH at field 'amount'");
    }

    @Test
    void shouldRejectPrimitiveWriterSchemaWhereRecordExpected() {
        byte[] text = new AvroSerializer(registry).serialize("notes", "just text");

        assertThatThrownBy(() -> serde.deserializer().deserialize("notes", text))
                .isInstanceOf(IncompatibleWriterSchemaException.class)
                .hasMessageContaining("writer schema is string, but a record is expected");
    }

    @Test
    void shouldSerializeWithRegistryGivenByMockUrlWhenConfiguredByClassName() {
        try {
            GenericAvroSerde configured = new GenericAvroSerde();
            configured.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://generic-test"), false);

            byte[] bytes = configured.serializer().serialize("orders", order("o-1", 1));

            assertThat(configured.deserializer().deserialize("orders", bytes).get("amount")).isEqualTo(1.0);
            assertThat(InMemorySchemaRegistryClient.forScope("generic-test").getAllSubjects()).containsExactly("orders-value");
        } finally {
            InMemorySchemaRegistryClient.dropScope("generic-test");
        }
    }

    @Test
    void shouldFailClearlyWhenUsedBeforeConfigure() {
        assertThatThrownBy(() -> new GenericAvroSerializer().serialize("orders", order("o-1", 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GenericAvroSerializer is not configured");
    }

    @Test
    void shouldNameTopicAndSchemaWhenRecordDoesNotMatchItsSchema() {
        GenericRecord incomplete = order("o-1", 1);
        incomplete.put("id", null);

        assertThatThrownBy(() -> serde.serializer().serialize("orders", incomplete))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                .hasMessageContaining("topic 'orders'")
                .hasMessageContaining(ORDER_V1.getFullName());
    }
}
