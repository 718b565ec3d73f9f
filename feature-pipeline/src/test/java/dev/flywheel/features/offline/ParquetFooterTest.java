package dev.flywheel.features.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFooterTest {

    @TempDir
    Path tmp;

    /**
     * Another process lists a chunk's encodings in another order (parquet-mr keeps them in a HashSet of enums,
     * whose iteration order follows identity hashes); here that process is simulated by reversing every list.
     */
    @Test
    void shouldGiveTheSameBytesWhateverOrderTheWriterListedTheEncodingsIn() throws Exception {
        byte[] written = ParquetIo.toBytes(OfflineItSupport.SCHEMA, rows());
        byte[] reversed = withEncodings(written, true);
        assertThat(reversed).isNotEqualTo(written);

        Path file = tmp.resolve("other-process.parquet");
        Files.write(file, reversed);
        assertThat(ParquetFooter.canonicalize(file)).isTrue();

        assertThat(Files.readAllBytes(file)).isEqualTo(written);
        assertThat(ParquetFooter.canonicalize(reversed)).isEqualTo(written);
        assertThat(ParquetFooter.canonicalize(file)).as("already canonical: unchanged").isFalse();
        assertThat(encodings(written)).allSatisfy(list -> assertThat(list).isSortedAccordingTo(
                java.util.Comparator.comparingInt(Encoding::getValue)));
        assertThat(encodings(written)).anySatisfy(list -> assertThat(list).hasSizeGreaterThan(1));
        try (ParquetReader<GenericRecord> reader = ParquetIo.reader(file)) {
            List<String> ids = new ArrayList<>();
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                ids.add(row.get("card_id").toString());
            }
            assertThat(ids).hasSize(50).startsWith("c-0", "c-1");
        }
    }

    private static List<GenericRecord> rows() {
        List<GenericRecord> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(OfflineItSupport.row("c-" + i, 1_000L * i, i));
        }
        return rows;
    }

    private static byte[] withEncodings(byte[] file, boolean reverse) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int length = bytes.getInt(file.length - 8);
        int start = file.length - 8 - length;
        FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(Arrays.copyOfRange(file, start, start + length)));
        metadata.getRow_groups().forEach(group -> group.getColumns().forEach(chunk -> {
            List<Encoding> encodings = new ArrayList<>(chunk.getMeta_data().getEncodings());
            if (reverse) {
                Collections.reverse(encodings);
            }
            chunk.getMeta_data().setEncodings(encodings);
        }));
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        Util.writeFileMetaData(metadata, footer);
        ByteBuffer out = ByteBuffer.allocate(start + footer.size() + 8).order(ByteOrder.LITTLE_ENDIAN);
        out.put(file, 0, start).put(footer.toByteArray()).putInt(footer.size()).put(file, file.length - 4, 4);
        return out.array();
    }

    private static List<List<Encoding>> encodings(byte[] file) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int length = bytes.getInt(file.length - 8);
        int start = file.length - 8 - length;
        FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(Arrays.copyOfRange(file, start, start + length)));
        List<List<Encoding>> all = new ArrayList<>();
        for (var group : metadata.getRow_groups()) {
            for (ColumnChunk chunk : group.getColumns()) {
                all.add(chunk.getMeta_data().getEncodings());
            }
        }
        return all;
    }
}
