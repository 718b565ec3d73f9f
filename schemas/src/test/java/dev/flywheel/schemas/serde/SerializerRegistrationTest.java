package dev.flywheel.schemas.serde;

import static dev.flywheel.schemas.serde.TestRecords.ORDER_INCOMPATIBLE;
import static dev.flywheel.schemas.serde.TestRecords.ORDER_V1;
import static dev.flywheel.schemas.serde.TestRecords.ORDER_V2;
import static dev.flywheel.schemas.serde.TestRecords.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.registry.CompatibilityLevel;
import dev.flywheel.schemas.registry.IncompatibleSchemaException;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import dev.flywheel.schemas.registry.SchemaRegistryClient;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SerializerRegistrationTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void shouldFailClearlyWhenAutoRegisterIsOffAndSchemaIsMissing() {
        GenericAvroSerializer serializer = serializer(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false));

        assertThatThrownBy(() -> serializer.serialize("orders", order("o-1", 1)))
                .isInstanceOf(SchemaNotRegisteredException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'orders'")
                .hasMessageContaining("schema test.Order is not registered under subject 'orders-value'")
                .hasMessageContaining("auto.register.schemas=false");
        assertThat(registry.getAllSubjects()).isEmpty();
    }

    @Test
    void shouldUseRegisteredSchemaWhenAutoRegisterIsOff() {
        int id = registry.register("orders-value", ORDER_V1);
        GenericAvroSerializer serializer = serializer(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"));

        byte[] bytes = serializer.serialize("orders", order("o-1", 1));

        assertThat(WireFormat.schemaIdOf(bytes)).hasValue(id);
    }

    @Test
    void shouldWriteWithLatestVersionAndProjectOlderRecordOntoIt() {
        registry.register("orders-value", ORDER_V1);
        int latest = registry.register("orders-value", ORDER_V2);
        GenericAvroSerializer serializer = serializer(Map.of(AvroSerdeConfig.USE_LATEST_VERSION, true,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false));

        byte[] bytes = serializer.serialize("orders", order("o-1", 4));
        GenericRecord read = new GenericAvroDeserializer(registry).deserialize("orders", bytes);

        assertThat(WireFormat.schemaIdOf(bytes)).hasValue(latest);
        assertThat(read.getSchema()).isEqualTo(ORDER_V2);
        assertThat(read.get("amount")).isEqualTo(4.0);
        assertThat(read.get("currency").toString()).isEqualTo("EUR");
    }

    @Test
    void shouldWriteDirectlyWhenLatestEqualsRecordSchema() {
        int latest = registry.register("orders-value", ORDER_V1);
        GenericAvroSerializer serializer = serializer(Map.of(AvroSerdeConfig.USE_LATEST_VERSION, true));

        byte[] bytes = serializer.serialize("orders", order("o-1", 4));

        assertThat(WireFormat.schemaIdOf(bytes)).hasValue(latest);
        assertThat(registry.getVersions("orders-value")).containsExactly(1);
    }

    @Test
    void shouldRefuseUseLatestWhenLatestCannotRepresentRecord() {
        registry.setCompatibility("orders-value", CompatibilityLevel.NONE);
        registry.register("orders-value", ORDER_INCOMPATIBLE);
        GenericAvroSerializer serializer = serializer(Map.of(AvroSerdeConfig.USE_LATEST_VERSION, true));

        assertThatThrownBy(() -> serializer.serialize("orders", order("o-1", 4)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("latest version 1")
                .hasMessageContaining("subject 'orders-value'");
    }

    @Test
    void shouldFailClearlyWhenUseLatestFindsNoSubject() {
        GenericAvroSerializer serializer = serializer(Map.of(AvroSerdeConfig.USE_LATEST_VERSION, true));

        assertThatThrownBy(() -> serializer.serialize("orders", order("o-1", 4)))
                .isInstanceOf(SchemaRegistryAccessException.class)
                .hasMessageContaining("no latest version of subject 'orders-value'");
    }

    @Test
    void shouldReportIncompatibleRegistrationWithRegistryCause() {
        registry.register("orders-value", ORDER_V1);
        GenericRecord incompatible = new GenericData.Record(ORDER_INCOMPATIBLE);
        incompatible.put("id", "x");
        incompatible.put("amount", "y");

        assertThatThrownBy(() -> new GenericAvroSerializer(registry).serialize("orders", incompatible))
                .isInstanceOf(SchemaRegistryAccessException.class)
                .hasCauseInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("subject 'orders-value'")
                .hasMessageContaining("incompatible");
    }

    @Test
    void shouldAskRegistryOncePerSchema() {
        int[] registrations = {0};
        SchemaRegistryClient counting = (SchemaRegistryClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("register")) {
                        registrations[0]++;
                    }
                    return method.invoke(registry, args);
                });
        GenericAvroSerializer serializer = new GenericAvroSerializer(counting);

        for (int i = 0; i < 100; i++) {
            serializer.serialize("orders", order("o-" + i, i));
        }

        assertThat(registrations[0]).isEqualTo(1);
    }

    private GenericAvroSerializer serializer(Map<String, ?> settings) {
        GenericAvroSerializer serializer = new GenericAvroSerializer(registry);
        serializer.configure(settings, false);
        return serializer;
    }
}
