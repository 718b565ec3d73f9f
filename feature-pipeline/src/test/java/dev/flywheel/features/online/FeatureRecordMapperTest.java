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

    @Test
    void shouldReadEachRecordByItsOwnSchemaWhenOneMapperSeesSeveral() {
        // given one mapper, and schemas of the same fields in other orders, with and without features
        Schema reordered = SchemaBuilder.record("CardSpend").fields().optionalString("last_country")
                .requiredLong("created").optionalLong("txn_count").requiredLong("event_timestamp")
                .requiredString("card_id").endRecord();
        Schema older = SchemaBuilder.record("CardSpend").fields().requiredString("card_id")
                .requiredLong("event_timestamp").optionalLong("txn_count").endRecord();
        FeatureRecordMapper mapper = new FeatureRecordMapper(VIEW);
        GenericRecord first = new GenericData.Record(SCHEMA);
        first.put("card_id", "c-1");
        first.put("event_timestamp", 10L);
        first.put("txn_count", 1L);
        first.put("amount_avg", 2.0);
        first.put("last_country", "DE");
        GenericRecord second = new GenericData.Record(reordered);
        second.put("card_id", "c-2");
        second.put("event_timestamp", 20L);
        second.put("created", 25L);
        second.put("txn_count", 2L);
        second.put("last_country", "FR");
        GenericRecord third = new GenericData.Record(older);
        third.put("card_id", "c-3");
        third.put("event_timestamp", 30L);
        third.put("txn_count", 3L);

        // when
        FeatureRow a = mapper.map(first);
        FeatureRow b = mapper.map(second);
        FeatureRow c = mapper.map(third);
        FeatureRow again = mapper.map(first);

        // then
        assertThat(b.entityKey()).isEqualTo(EntityKey.of("card_id", Value.newBuilder().setStringVal("c-2").build()));
        assertThat(b.eventTime()).isEqualTo(Instant.ofEpochMilli(20L));
        assertThat(b.created()).contains(Instant.ofEpochMilli(25L));
        assertThat(b.features()).containsExactly(
                java.util.Map.entry("txn_count", Value.newBuilder().setInt64Val(2).build()),
                java.util.Map.entry("last_country", Value.newBuilder().setStringVal("FR").build()));
        assertThat(c.features()).containsOnlyKeys("txn_count");
        assertThat(c.created()).isEmpty();
        assertThat(again).isEqualTo(a);
        assertThat(a.features()).containsOnlyKeys("txn_count", "amount_avg", "last_country");
    }

    @Test
    void shouldKeyRowsOfAViewWithSeveralEntitiesByAllOfThem() {
        FeatureViewSpec pairs = new FeatureViewSpec("pair_spend", "transactions", List.of("merchant_id", "card_id"),
                Optional.empty(), Duration.ZERO,
                List.of(new FeatureSpec("txn_count", Aggregation.COUNT, Optional.empty(), Optional.empty())));
        Schema schema = SchemaBuilder.record("PairSpend").fields().requiredString("card_id").requiredLong("merchant_id")
                .requiredLong("event_timestamp").optionalLong("txn_count").endRecord();
        GenericRecord record = new GenericData.Record(schema);
        record.put("card_id", "c-1");
        record.put("merchant_id", 7L);
        record.put("event_timestamp", 1L);
        record.put("txn_count", 4L);

        FeatureRow row = new FeatureRecordMapper(pairs).map(record);

        assertThat(row.entityKey()).isEqualTo(EntityKey.of(java.util.Map.of(
                "card_id", Value.newBuilder().setStringVal("c-1").build(),
                "merchant_id", Value.newBuilder().setInt64Val(7).build())));
    }

    @Test
    void shouldRejectANullEventTimeAndAMistypedEntity() {
        Schema loose = SchemaBuilder.record("CardSpend").fields().optionalDouble("card_id")
                .optionalLong("event_timestamp").endRecord();
        GenericRecord nullTime = new GenericData.Record(loose);
        nullTime.put("card_id", null);
        FeatureRecordMapper mapper = new FeatureRecordMapper(VIEW);
        GenericRecord mistyped = new GenericData.Record(loose);
        mistyped.put("card_id", 1.5);
        mistyped.put("event_timestamp", 1L);

        assertThatThrownBy(() -> mapper.map(nullTime)).isInstanceOf(MalformedFeatureRecordException.class)
                .hasMessageContaining("null 'card_id'");
        assertThatThrownBy(() -> mapper.map(mistyped)).isInstanceOf(MalformedFeatureRecordException.class)
                .hasMessageContaining("must be string, int or long");
    }
}
