package dev.flywheel.features.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.topology.spec.Aggregation;
import dev.flywheel.topology.spec.FeatureSpec;
import dev.flywheel.topology.spec.FeatureViewSpec;
import feast.proto.types.ValueProto.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class FeatureRecordMapperTest {

    static final FeatureViewSpec VIEW = new FeatureViewSpec("card_spend", "transactions", List.of("card_id"),
            Optional.of(Duration.ofDays(7)), Duration.ZERO, List.of(
                    new FeatureSpec("txn_count", Aggregation.COUNT, Optional.empty(), Optional.empty()),
                    new FeatureSpec("amount_avg", Aggregation.AVG, Optional.of("amount"), Optional.empty()),
                    new FeatureSpec("last_country", Aggregation.LAST, Optional.of("country"), Optional.empty())));

    static final Schema SCHEMA = SchemaBuilder.record("CardSpend").namespace("dev.flywheel.features.test").fields()
            .requiredString("card_id")
            .name("event_timestamp").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .optionalLong("txn_count")
            .optionalDouble("amount_avg")
            .optionalString("last_country")
            .endRecord();

    @Test
    void shouldMapEntityEventTimeAndFeaturesByName() {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("card_id", "c-1");
        record.put("event_timestamp", 1_700_000_000_123L);
        record.put("txn_count", 3L);
        record.put("amount_avg", 12.5);
        record.put("last_country", null);

        FeatureRow row = new FeatureRecordMapper(VIEW).map(record);

        assertThat(row.view()).isEqualTo("card_spend");
        assertThat(row.entityKey()).isEqualTo(EntityKey.of("card_id", Value.newBuilder().setStringVal("c-1").build()));
        assertThat(row.eventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(row.features()).containsExactly(
                java.util.Map.entry("txn_count", Value.newBuilder().setInt64Val(3).build()),
                java.util.Map.entry("amount_avg", Value.newBuilder().setDoubleVal(12.5).build()),
                java.util.Map.entry("last_country", FeastValues.NULL));
    }

    @Test
    void shouldLeaveOutFeaturesTheRecordSchemaLacks() {
        Schema older = SchemaBuilder.record("CardSpend").fields().requiredString("card_id").requiredLong("event_timestamp")
                .optionalLong("txn_count").endRecord();
        GenericRecord record = new GenericData.Record(older);
        record.put("card_id", "c-1");
        record.put("event_timestamp", 1L);
        record.put("txn_count", 1L);

        assertThat(new FeatureRecordMapper(VIEW).map(record).features()).containsOnlyKeys("txn_count");
        assertThat(new FeatureRecordMapper(VIEW).map(record).created()).isEmpty();
    }

    @Test
    void shouldMapCreatedAsTheTieBreakerOfEqualEventTimes() {
        Schema withCreated = SchemaBuilder.record("CardSpend").fields().requiredString("card_id")
                .requiredLong("event_timestamp").requiredLong("created").optionalLong("txn_count").endRecord();
        GenericRecord record = new GenericData.Record(withCreated);
        record.put("card_id", "c-1");
        record.put("event_timestamp", 1_000L);
        record.put("created", 5_000L);
        record.put("txn_count", 1L);

        FeatureRow row = new FeatureRecordMapper(VIEW).map(record);

        assertThat(row.eventTime()).isEqualTo(Instant.ofEpochMilli(1_000L));
        assertThat(row.created()).contains(Instant.ofEpochMilli(5_000L));
    }

    @Test
    void shouldRejectRecordWithoutEntityOrEventTime() {
        Schema noEntity = SchemaBuilder.record("X").fields().requiredLong("event_timestamp").endRecord();
        GenericRecord record = new GenericData.Record(noEntity);
        record.put("event_timestamp", 1L);

        assertThatThrownBy(() -> new FeatureRecordMapper(VIEW).map(record))
                .isInstanceOf(MalformedFeatureRecordException.class).hasMessageContaining("card_id");
    }
}
