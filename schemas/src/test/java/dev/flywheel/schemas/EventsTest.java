package dev.flywheel.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.schemas.events.DriftResolved;
import dev.flywheel.schemas.registry.CompatibilityLevel;
import dev.flywheel.schemas.registry.InMemorySchemaRegistryClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.junit.jupiter.api.Test;

class EventsTest {

    @Test
    void shouldListTheTenBackboneEvents() {
        assertThat(Events.SCHEMAS).extracting(Schema::getName).containsExactlyInAnyOrder("RejectedRecord",
                "DataAvailable", "DatasetSnapshot", "DriftDetected", "DriftResolved", "TrainingRequested",
                "TrainingJobStatus", "ModelVersion", "ModelPromoted", "ModelRejected");
        assertThat(Events.SCHEMAS).extracting(Schema::getNamespace).containsOnly("dev.flywheel.schemas.events");
    }

    @Test
    void shouldGiveEveryEventItsLineageFields() {
        for (Schema event : Events.SCHEMAS) {
            assertThat(event.getField("event_id").schema().getType()).as(event.getName()).isEqualTo(Schema.Type.STRING);
            Schema occurredAt = event.getField("occurred_at").schema();
            assertThat(occurredAt.getType()).as(event.getName()).isEqualTo(Schema.Type.LONG);
            assertThat(occurredAt.getLogicalType()).as(event.getName()).isEqualTo(LogicalTypes.timestampMillis());
            Field causes = event.getField("causes");
            assertThat(causes.schema().getType()).as(event.getName()).isEqualTo(Schema.Type.ARRAY);
            assertThat(causes.schema().getElementType().getType()).isEqualTo(Schema.Type.STRING);
            assertThat(causes.defaultVal()).as(event.getName()).isEqualTo(List.of());
        }
    }

    @Test
    void shouldDocumentEveryFieldOfEveryRecord() {
        for (Schema record : records()) {
            assertThat(record.getDoc()).as(record.getFullName()).isNotBlank();
            for (Field field : record.getFields()) {
                assertThat(field.doc()).as(record.getName() + "." + field.name()).isNotBlank();
            }
        }
    }

    @Test
    void shouldDefaultEveryOptionalFieldToNull() {
        for (Schema record : records()) {
            for (Field field : record.getFields()) {
                if (field.schema().getType() == Schema.Type.UNION) {
                    assertThat(field.schema().getTypes().get(0).getType()).as(record.getName() + "." + field.name())
                            .isEqualTo(Schema.Type.NULL);
                    assertThat(field.defaultVal()).as(record.getName() + "." + field.name()).isEqualTo(JsonProperties.NULL_VALUE);
                }
                if (field.schema().getType() == Schema.Type.ARRAY || field.schema().getType() == Schema.Type.MAP) {
                    assertThat(field.hasDefaultValue()).as(record.getName() + "." + field.name()).isTrue();
                }
            }
        }
    }

    @Test
    void shouldRegisterEveryEventUnderFullCompatibility() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.setGlobalCompatibility(CompatibilityLevel.FULL_TRANSITIVE);

        Events.SCHEMAS.forEach(schema -> registry.register(schema.getFullName(), schema));

        assertThat(registry.getAllSubjects()).hasSize(Events.SCHEMAS.size());
    }

    @Test
    void shouldReadLineageOfAnyEvent() {
        DriftResolved resolved = DriftResolved.newBuilder().setEventId("e-2").setOccurredAt(Instant.ofEpochSecond(5))
                .setCauses(List.of("e-1")).setDetectedEventId("e-1").setMonitor("m").setMethod("PSI").setScore(0)
                .setThreshold(0.1).setWindowStart(Instant.EPOCH).setWindowEnd(Instant.EPOCH).build();

        assertThat(Events.eventId(resolved)).isEqualTo("e-2");
        assertThat(Events.occurredAt(resolved)).isEqualTo(Instant.ofEpochSecond(5));
        assertThat(Events.causes(resolved)).containsExactly("e-1");
        assertThat(Events.newEventId()).hasSize(36);
    }

    private static List<Schema> records() {
        List<Schema> found = new ArrayList<>();
        Events.SCHEMAS.forEach(schema -> collect(schema, found));
        return found;
    }

    private static void collect(Schema schema, List<Schema> found) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!found.contains(schema)) {
                    found.add(schema);
                    schema.getFields().forEach(f -> collect(f.schema(), found));
                }
            }
            case ARRAY -> collect(schema.getElementType(), found);
            case MAP -> collect(schema.getValueType(), found);
            case UNION -> schema.getTypes().forEach(t -> collect(t, found));
            default -> {
            }
        }
    }
}
