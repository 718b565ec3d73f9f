package dev.flywheel.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRecordsTest {

    @TempDir
    Path tmp;

    @Test
    void shouldInferColumnTypesAndParseTimestamps() throws Exception {
        Path csv = tmp.resolve("e.csv");
        Files.writeString(csv, "card_id,ts,amount,flag,note\n7,2026-01-01T00:00:00Z,1,true,\"a, \"\"b\"\"\"\n"
                + "8,1767225600001,2.5,false,\n");

        CsvRecords records = new CsvRecords(csv, "ts");
        List<GenericRecord> rows = new ArrayList<>();
        records.forEach(rows::add);

        assertThat(types(records.schema())).containsExactly(Schema.Type.LONG, Schema.Type.LONG, Schema.Type.DOUBLE,
                Schema.Type.BOOLEAN, Schema.Type.STRING);
        assertThat(rows.get(0).get("ts")).isEqualTo(1767225600000L);
        assertThat(rows.get(1).get("ts")).isEqualTo(1767225600001L);
        assertThat(rows.get(0).get("note")).isEqualTo("a, \"b\"");
        assertThat(rows.get(1).get("note")).isNull();
        assertThat(rows.get(1).get("amount")).isEqualTo(2.5);
    }

    @Test
    void shouldRefuseAFileWithoutTheTimestampColumn() throws Exception {
        Path csv = tmp.resolve("e.csv");
        Files.writeString(csv, "card_id,time\n1,2\n");

        assertThatThrownBy(() -> new CsvRecords(csv, "ts")).hasMessageContaining("no timestamp column 'ts'");
    }

    @Test
    void shouldNameTheLineOfABadTimestamp() throws Exception {
        Path csv = tmp.resolve("e.csv");
        Files.writeString(csv, "card_id,ts\n1,yesterday\n");

        assertThatThrownBy(() -> new CsvRecords(csv, "ts").forEach(r -> { })).hasMessageContaining("e.csv:2");
    }

    private static List<Schema.Type> types(Schema schema) {
        return schema.getFields().stream().map(f -> Values.nonNull(f.schema()).getType()).toList();
    }
}
