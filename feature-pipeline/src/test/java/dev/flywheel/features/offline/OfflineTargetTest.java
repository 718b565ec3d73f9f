package dev.flywheel.features.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class OfflineTargetTest {

    private static final Schema SOURCE = SchemaBuilder.record("txn").fields()
            .name("ts_ms").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .name("ts_us").type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .name("maybe").type().optional().longType()
            .endRecord();

    private static GenericRecord record() {
        GenericRecord record = new GenericData.Record(SOURCE);
        record.put("ts_ms", 1_000L);
        record.put("ts_us", 2_000_000L);
        record.put("maybe", null);
        return record;
    }

    @Test
    void shouldReadEventTimeInMillisFromAMillisField() {
        OfflineTarget target = new OfflineTarget(OfflineTarget.Kind.SOURCE, "txn", Optional.of("ts_ms"));

        assertThat(target.eventTime(record(), 99)).isEqualTo(1_000L);
    }

    @Test
    void shouldConvertAMicrosFieldToMillis() {
        OfflineTarget target = new OfflineTarget(OfflineTarget.Kind.SOURCE, "txn", Optional.of("ts_us"));

        assertThat(target.eventTime(record(), 99)).isEqualTo(2_000L);
    }

    @Test
    void shouldFallBackToTheRecordTimestampWithoutFieldOrValue() {
        assertThat(new OfflineTarget(OfflineTarget.Kind.SOURCE, "txn", Optional.empty()).eventTime(record(), 99))
                .isEqualTo(99L);
        assertThat(new OfflineTarget(OfflineTarget.Kind.SOURCE, "txn", Optional.of("maybe")).eventTime(record(), 99))
                .isEqualTo(99L);
    }
}
