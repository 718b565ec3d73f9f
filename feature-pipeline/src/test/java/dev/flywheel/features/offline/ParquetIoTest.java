package dev.flywheel.features.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetIoTest {

    @TempDir
    Path tmp;

    @Test
    void shouldWriteFeastFileSourceShapeWithTimestampsAndReadItBack() throws Exception {
        List<GenericRecord> rows = List.of(OfflineItSupport.row("c-1", 1_000, 1), OfflineItSupport.row("c-2", 2_000, 2));

        byte[] bytes = ParquetIo.toBytes(OfflineItSupport.SCHEMA, rows);
        Path file = tmp.resolve("f.parquet");
        Files.write(file, bytes);

        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            assertThat(schema.getType("event_timestamp").getLogicalTypeAnnotation())
                    .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
            assertThat(schema.getType("created").getLogicalTypeAnnotation())
                    .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
            assertThat(schema.getType("seq").isRepetition(org.apache.parquet.schema.Type.Repetition.OPTIONAL)).isTrue();
        }
        List<GenericRecord> read = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = ParquetIo.reader(file)) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                read.add(row);
            }
        }
        assertThat(read).extracting(r -> r.get("card_id").toString()).containsExactly("c-1", "c-2");
        assertThat(read).extracting(r -> ParquetIo.millis(r.get("event_timestamp"))).containsExactly(1_000L, 2_000L);
    }

    @Test
    void shouldWriteTheSameBytesForTheSameRecords() {
        List<GenericRecord> rows = List.of(OfflineItSupport.row("c-1", 1_000, 1));

        assertThat(ParquetIo.toBytes(OfflineItSupport.SCHEMA, rows)).isEqualTo(ParquetIo.toBytes(OfflineItSupport.SCHEMA, rows));
    }
}
