package dev.flywheel.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.features.offline.ParquetFooter;
import dev.flywheel.features.offline.ParquetIo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetWriterTest {

    private static final ValueKind[] KINDS = {
        ValueKind.DOUBLE, ValueKind.LONG, ValueKind.STRING, ValueKind.BOOLEAN, ValueKind.INT, ValueKind.FLOAT};
    private static final Schema.Type[] TYPES = {
        Schema.Type.DOUBLE, Schema.Type.LONG, Schema.Type.STRING, Schema.Type.BOOLEAN, Schema.Type.INT, Schema.Type.FLOAT};

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheSameBytesAsParquetAvroForTheSameRecords() throws Exception {
        // given: entity rows with required and nullable columns, and one view answering every kind, nulls included,
        // over enough rows for many pages and a dictionary fallback (distinct doubles)
        Schema entity = SchemaBuilder.record("entity").fields()
                .requiredString("entity_id").requiredLong("ts").requiredInt("n").requiredBoolean("flag")
                .requiredDouble("x").requiredFloat("y").optionalString("note").endRecord();
        List<FeatureRef> features = new ArrayList<>();
        List<Schema> types = new ArrayList<>();
        for (int i = 0; i < KINDS.length; i++) {
            features.add(new FeatureRef("v", "f" + i));
            types.add(Schema.create(TYPES[i]));
        }
        DatasetWriter writer = new DatasetWriter(entity, features, types, 100);
        int[] featureView = new int[KINDS.length];
        int[] featureSlot = {0, 1, 2, 3, 4, 5};
        Random random = new Random(7);
        List<GenericRecord> entities = new ArrayList<>();
        List<GenericRecord> expected = new ArrayList<>();
        Path written = dir.resolve("data.parquet");

        // when
        try (DatasetWriter.Output out = writer.open(written, featureView, featureSlot, false)) {
            RowValues values = new RowValues(KINDS);
            for (int r = 0; r < 60_000; r++) {
                GenericRecord row = new GenericData.Record(entity);
                row.put("entity_id", "e" + random.nextInt(5_000));
                row.put("ts", 1_700_000_000_000L + r);
                row.put("n", random.nextInt(100));
                row.put("flag", random.nextBoolean());
                row.put("x", random.nextDouble());
                row.put("y", random.nextFloat());
                row.put("note", random.nextInt(3) == 0 ? null : "note" + random.nextInt(10));
                GenericRecord output = new GenericData.Record(writer.schema());
                entity.getFields().forEach(f -> output.put(f.name(), row.get(f.name())));
                for (int i = 0; i < KINDS.length; i++) {
                    values.nulls[i] = random.nextInt(4) == 0;
                    values.longs[i] = random.nextInt(1_000);
                    values.doubles[i] = r % 2 == 0 ? random.nextGaussian() : random.nextInt(50);
                    values.strings[i] = "s" + random.nextInt(300);
                    output.put("f" + i, values.nulls[i] ? null : switch (KINDS[i]) {
                        case DOUBLE -> values.doubles[i];
                        case FLOAT -> (float) values.doubles[i];
                        case LONG -> values.longs[i];
                        case INT -> (int) values.longs[i];
                        case BOOLEAN -> values.longs[i] != 0;
                        case STRING -> values.strings[i];
                    });
                }
                out.write(row, new RowValues[] {values});
                expected.add(output);
            }
        }
        Path reference = dir.resolve("reference.parquet");
        try (ParquetWriter<GenericRecord> avro = ParquetIo.writer(reference, writer.schema())) {
            for (GenericRecord record : expected) {
                avro.write(record);
            }
        }
        ParquetFooter.canonicalize(reference);

        // then
        assertThat(Files.readAllBytes(written)).isEqualTo(Files.readAllBytes(reference));
        try (ParquetReader<GenericRecord> reader = ParquetIo.reader(written)) {
            for (GenericRecord record : expected) {
                assertThat(reader.read().toString()).isEqualTo(record.toString());
            }
            assertThat(reader.read()).isNull();
        }
    }
}
