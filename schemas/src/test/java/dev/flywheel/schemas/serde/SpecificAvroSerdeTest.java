package dev.flywheel.schemas.serde;

import static dev.flywheel.schemas.serde.TestRecords.driftDetected;
import static dev.flywheel.schemas.serde.TestRecords.driftResolved;
import static dev.flywheel.schemas.serde.TestRecords.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.events.DriftDetected;
import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void shouldRoundTripGeneratedEventWithLogicalTypesAndNestedRecords() {
        SpecificAvroSerde<DriftDetected> serde = new SpecificAvroSerde<>(registry, DriftDetected.class);
        DriftDetected original = driftDetected();

        DriftDetected read = serde.deserializer().deserialize("flywheel.drift",
                serde.serializer().serialize("flywheel.drift", original));

        assertThat(read).isEqualTo(original);
        assertThat(read.getOccurredAt()).isEqualTo(original.getOccurredAt());
        assertThat(read.getTopBins().get(0).getContribution()).isEqualTo(0.22);
    }

    @Test
    void shouldReadTwoEventTypesFromOneTopicAsSpecificRecord() {
        SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>(registry);
        serde.configure(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy"), false);

        byte[] detected = serde.serializer().serialize("flywheel.drift", driftDetected());
        byte[] resolved = serde.serializer().serialize("flywheel.drift", driftResolved());

        assertThat(serde.deserializer().deserialize("flywheel.drift", detected)).isInstanceOf(DriftDetected.class)
                .isEqualTo(driftDetected());
        assertThat(serde.deserializer().deserialize("flywheel.drift", resolved)).isInstanceOf(DriftResolved.class)
                .isEqualTo(driftResolved());
        assertThat(registry.getAllSubjects()).containsExactly(
                "flywheel.drift-dev.flywheel.schemas.events.DriftDetected",
                "flywheel.drift-dev.flywheel.schemas.events.DriftResolved");
    }

    @Test
    void shouldRejectRecordOfAnotherTypeWhenReaderClassIsPinned() {
        SpecificAvroSerde<SpecificRecord> writer = new SpecificAvroSerde<>(registry);
        writer.configure(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "RecordNameStrategy"), false);
        byte[] resolved = writer.serializer().serialize("flywheel.drift", driftResolved());
        SpecificAvroDeserializer<DriftDetected> pinned = new SpecificAvroDeserializer<>(registry, DriftDetected.class);

        assertThatThrownBy(() -> pinned.deserialize("flywheel.drift", resolved))
                .isInstanceOf(IncompatibleWriterSchemaException.class)
                .hasMessageContaining("DriftResolved cannot be read with reader schema dev.flywheel.schemas.events.DriftDetected");
    }

    @Test
    void shouldPinReaderClassThroughConfiguration() {
        SpecificAvroSerde<DriftDetected> serde = new SpecificAvroSerde<>(registry);
        serde.configure(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, DriftDetected.class.getName()), false);

        byte[] bytes = serde.serializer().serialize("flywheel.drift", driftDetected());

        assertThat(serde.deserializer().deserialize("flywheel.drift", bytes)).isEqualTo(driftDetected());
    }

    @Test
    void shouldRejectWriterSchemaWithoutGeneratedClass() {
        byte[] generic = new GenericAvroSerializer(registry).serialize("orders", order("o-1", 1));

        assertThatThrownBy(() -> new SpecificAvroDeserializer<>(registry).deserialize("orders", generic))
                .isInstanceOf(IncompatibleWriterSchemaException.class)
                .hasMessageContaining("no generated class test.Order");
    }

    @Test
    void shouldReadGeneratedEventGenericallyAndBack() {
        byte[] specific = new SpecificAvroSerializer<DriftDetected>(registry).serialize("flywheel.drift", driftDetected());

        GenericRecord generic = new GenericAvroDeserializer(registry).deserialize("flywheel.drift", specific);
        byte[] again = new GenericAvroSerializer(registry).serialize("flywheel.drift", generic);

        assertThat(generic).isInstanceOf(GenericData.Record.class);
        assertThat(generic.get("occurred_at")).isEqualTo(1_700_000_000_123L);
        assertThat(again).isEqualTo(specific);
    }

    @Test
    void shouldReturnGeneratedClassFromAvroDeserializerWhenSpecificReaderIsOn() {
        byte[] bytes = new SpecificAvroSerializer<DriftDetected>(registry).serialize("flywheel.drift", driftDetected());
        AvroDeserializer deserializer = new AvroDeserializer(registry);
        deserializer.configure(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER, true), false);

        assertThat(deserializer.deserialize("flywheel.drift", bytes)).isInstanceOf(DriftDetected.class);
    }
}
