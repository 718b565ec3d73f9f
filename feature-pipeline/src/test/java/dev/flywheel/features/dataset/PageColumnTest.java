package dev.flywheel.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The page decoder ({@link PageColumn}) against parquet-column's readers ({@link ReaderColumn}) on files written
 * every way the writer can: v1 and v2 pages, dictionary on and off, dictionaries that overflow mid-chunk (dictionary
 * then plain pages in one chunk), optional columns with nulls, many pages and row groups, text and integer keys; every
 * row and sparse rows (skipped pages). Then whole scans, page decoding on and off, against a brute-force join, with
 * row groups skipped by their event-time statistics.
 */
class PageColumnTest {

    private static final String[] FEATURES = {"d_few", "d_many", "f", "l", "i", "s", "b"};
    private static final ValueKind[] KINDS = {ValueKind.DOUBLE, ValueKind.DOUBLE, ValueKind.FLOAT, ValueKind.LONG,
        ValueKind.INT, ValueKind.STRING, ValueKind.BOOLEAN};

    @TempDir
    Path tmp;

    /** How a test file is written. */
    enum Layout {
        V1_DICTIONARY(ParquetProperties.WriterVersion.PARQUET_1_0, true, 1 << 20, false),
        V1_PLAIN(ParquetProperties.WriterVersion.PARQUET_1_0, false, 1 << 20, false),
        V1_DICTIONARY_OVERFLOWS(ParquetProperties.WriterVersion.PARQUET_1_0, true, 300, false),
        V1_LONG_KEYS(ParquetProperties.WriterVersion.PARQUET_1_0, true, 1 << 20, true),
        V2_DICTIONARY(ParquetProperties.WriterVersion.PARQUET_2_0, true, 1 << 20, false),
        V2_PLAIN(ParquetProperties.WriterVersion.PARQUET_2_0, false, 1 << 20, false),
        V2_LONG_KEYS(ParquetProperties.WriterVersion.PARQUET_2_0, true, 1 << 20, true);

        final ParquetProperties.WriterVersion version;
        final boolean dictionary;
        final int dictionaryPageSize;
        final boolean longKeys;

        Layout(ParquetProperties.WriterVersion version, boolean dictionary, int dictionaryPageSize, boolean longKeys) {
            this.version = version;
            this.dictionary = dictionary;
            this.dictionaryPageSize = dictionaryPageSize;
            this.longKeys = longKeys;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Layout.class)
    void shouldDecodeEveryRowAndSparseRowsLikeTheColumnReaders(Layout layout) throws Exception {
        Path file = tmp.resolve("view.parquet");
        List<GenericRecord> records = write(file, layout, 3000, 40, new Random(7), false);
        KeyDictionary keys = new KeyDictionary();
        for (int k = 0; k < 30; k++) { // keys 30..39 are in no entity row
            keys.add(layout.longKeys ? Long.toString(1_000_000_000_000L + k) : "entity-" + k);
        }
        RowValues byPages = new RowValues(KINDS);
        RowValues byReaders = new RowValues(KINDS);
        for (int stride : new int[] {1, 7, 250}) {
            int pageColumns = 0;
            int rowGroups = 0;
            int row = 0;
            try (ParquetColumns pages = new ParquetColumns(file); ParquetColumns readers = new ParquetColumns(file)) {
                for (ParquetColumns.RowGroup a = pages.next(), b = readers.next(); a != null; a = pages.next(),
                        b = readers.next()) {
                    rowGroups++;
                    RowGroupColumn[] fast = columns(pages, a, keys, true);
                    RowGroupColumn[] slow = columns(readers, b, keys, false);
                    for (RowGroupColumn c : fast) {
                        pageColumns += c instanceof PageColumn ? 1 : 0;
                    }
                    for (int r = (int) (row % stride == 0 ? 0 : stride - row % stride); r < a.rows(); r += stride) {
                        GenericRecord expected = records.get(row + r);
                        assertThat(fast[0].keyAt(r)).as("key of row %d", row + r).isEqualTo(slow[0].keyAt(r))
                                .isEqualTo(keys.id(expected.get("entity_id").toString()));
                        assertThat(fast[1].longAt(r, -1)).isEqualTo(slow[1].longAt(r, -1))
                                .isEqualTo(expected.get("event_timestamp"));
                        assertThat(fast[2].longAt(r, -1)).isEqualTo(slow[2].longAt(r, -1));
                        for (int f = 0; f < FEATURES.length; f++) {
                            fast[3 + f].readAt(r, byPages, f);
                            slow[3 + f].readAt(r, byReaders, f);
                            assertThat(byPages.get(f)).as("%s of row %d", FEATURES[f], row + r)
                                    .isEqualTo(byReaders.get(f)).isEqualTo(expected.get(FEATURES[f]) instanceof
                                            CharSequence text ? text.toString() : expected.get(FEATURES[f]));
                        }
                    }
                    row += (int) a.rows();
                }
            }
            assertThat(row).isEqualTo(records.size());
            assertThat(rowGroups).as("row groups").isGreaterThan(1);
            assertThat(pageColumns).as("column chunks decoded by pages").isGreaterThan(0);
        }
    }

    @Test
    void shouldWriteTheLayoutsTheTestsClaim() throws Exception {
        Path file = tmp.resolve("layouts.parquet");
        write(file, Layout.V1_DICTIONARY_OVERFLOWS, 3000, 40, new Random(3), false);
        try (ParquetColumns columns = new ParquetColumns(file)) {
            BlockMetaData first = columns.peek();
            ColumnChunkMetaData key = ParquetColumns.chunk(first, columns.column("entity_id"));
            assertThat(key.getEncodings()).as("a key chunk with dictionary and plain pages")
                    .contains(Encoding.PLAIN_DICTIONARY, Encoding.PLAIN);
            ColumnChunkMetaData few = ParquetColumns.chunk(first, columns.column("d_few"));
            assertThat(few.getEncodings()).contains(Encoding.PLAIN_DICTIONARY);
            assertThat(first.getColumns().get(0).getValueCount()).isLessThan(3000);
        }
        write(file, Layout.V2_PLAIN, 3000, 40, new Random(3), false);
        try (ParquetColumns columns = new ParquetColumns(file)) {
            BlockMetaData first = columns.peek();
            ColumnChunkMetaData event = ParquetColumns.chunk(first, columns.column("event_timestamp"));
            assertThat(event.getEncodings()).as("v2 integers: the fallback's case").contains(Encoding.DELTA_BINARY_PACKED);
            assertThat(PageColumn.handles(columns.column("event_timestamp"), event.getEncodings(), PageColumn.Use.LONG))
                    .isFalse();
            ColumnChunkMetaData doubles = ParquetColumns.chunk(first, columns.column("d_many"));
            assertThat(doubles.getEncodings()).contains(Encoding.PLAIN).doesNotContain(Encoding.PLAIN_DICTIONARY);
            assertThat(columns.next().pages().getPageReader(columns.column("d_many")).readPage())
                    .isInstanceOf(DataPageV2.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Layout.class)
    void shouldScanTheSameAnswersByPagesAndByReadersAsTheBruteForce(Layout layout) throws Exception {
        Path file = tmp.resolve("scan.parquet");
        Random random = new Random(layout.ordinal() + 11);
        List<GenericRecord> records = write(file, layout, 4000, 40, random, false);
        ViewInfo view = new ViewInfo(List.of("entity_id"), 300);
        List<long[]> probes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            probes.add(new long[] {random.nextInt(30), random.nextInt(5000)});
        }
        List<List<Object>> expected = bruteForce(records, probes, view.ttlMillis(), layout.longKeys);

        for (int partitions : new int[] {1, 3}) {
            Result pages = scan(file, view, probes, layout.longKeys, partitions, true);
            Result readers = scan(file, view, probes, layout.longKeys, partitions, false);
            assertThat(pages.answers()).as("by pages, %d partitions", partitions).isEqualTo(expected);
            assertThat(readers.answers()).as("by readers, %d partitions", partitions).isEqualTo(expected);
            assertThat(readers.counts().pageColumns()).isZero();
            assertThat(pages.counts().pageColumns()).isGreaterThan(0);
            if (layout == Layout.V2_PLAIN) { // DELTA_BINARY_PACKED times and DELTA_BYTE_ARRAY keys: the fallback
                assertThat(pages.counts().readerColumns()).as("columns through the fallback").isGreaterThan(0);
            }
        }
    }

    @Test
    void shouldSkipRowGroupsNoEntityRowCanSeeAndKeepTheAnswers() throws Exception {
        Path file = tmp.resolve("sorted.parquet");
        Random random = new Random(5);
        List<GenericRecord> records = write(file, Layout.V1_DICTIONARY, 4000, 40, random, true);
        ViewInfo view = new ViewInfo(List.of("entity_id"), 200);
        List<long[]> probes = new ArrayList<>();
        for (int i = 0; i < 300; i++) { // times in [2000, 2600]: rows before 1800 or after 2600 cannot match
            probes.add(new long[] {random.nextInt(30), 2000 + random.nextInt(601)});
        }
        List<List<Object>> expected = bruteForce(records, probes, view.ttlMillis(), false);

        for (int partitions : new int[] {1, 2}) {
            for (boolean pageDecoding : new boolean[] {true, false}) {
                Result result = scan(file, view, probes, false, partitions, pageDecoding);
                assertThat(result.answers()).as("partitions %d, pages %s", partitions, pageDecoding).isEqualTo(expected);
                assertThat(result.counts().skippedRowGroups()).as("row groups skipped").isGreaterThan(0)
                        .isLessThan(result.counts().rowGroups());
            }
        }
    }

    @Test
    void shouldDecodeHybridRunsOfEveryKindIncludingACutShortLastGroup() {
        // an RLE run of 5 x 3, a bit-packed run of 2 groups (16 values, width 3), the last group cut to its used bytes
        int width = 3;
        int[] packed = {1, 2, 3, 4, 5, 6, 7, 0, 7, 6, 5, 4, 3, 2, 1, 0};
        byte[] groups = new byte[2 * width];
        Packer.LITTLE_ENDIAN.newBytePacker(width).pack8Values(packed, 0, groups, 0);
        Packer.LITTLE_ENDIAN.newBytePacker(width).pack8Values(packed, 8, groups, width);
        ByteBuffer bytes = ByteBuffer.allocate(32);
        bytes.put((byte) 0).put((byte) (5 << 1)).put((byte) 3); // a leading byte the decoder must not read
        bytes.put((byte) ((2 << 1) | 1)).put(groups, 0, groups.length - 1); // the last byte holds none of the values used
        int end = bytes.position();
        int[] out = new int[5 + 11];

        Hybrid.decode(bytes, 1, end, width, out, out.length);

        assertThat(out).containsExactly(3, 3, 3, 3, 3, 1, 2, 3, 4, 5, 6, 7, 0, 7, 6, 5);
    }

    private record Result(List<List<Object>> answers, FeatureFiles.ScanCounts counts) {
    }

    private Result scan(Path file, ViewInfo view, List<long[]> probes, boolean longKeys, int partitions,
                        boolean pageDecoding) throws IOException {
        KeyDictionary keys = new KeyDictionary();
        try (ViewJoiner joiner = new ViewJoiner(view.ttlMillis(), partitions, tmp.resolve("spill"))) {
            for (long[] probe : probes) {
                joiner.addProbe(keys.add(key((int) probe[0], longKeys)), probe[1]);
            }
            joiner.startRows(KINDS);
            FeatureFiles.ScanCounts counts = FeatureFiles.scan(new InputFile(file, file.toString(), "test", 0), view,
                    Arrays.asList(FEATURES), keys, new RowValues(KINDS), joiner, pageDecoding);
            ViewJoiner.Answers answers = joiner.finish();
            List<List<Object>> out = new ArrayList<>();
            RowValues values = new RowValues(KINDS);
            for (int i = 0; i < probes.size(); i++) {
                answers.next(values);
                List<Object> row = new ArrayList<>();
                for (int f = 0; f < KINDS.length; f++) {
                    row.add(values.get(f));
                }
                out.add(row);
            }
            return new Result(out, counts);
        }
    }

    /** Feast's rule by brute force: latest event in [t - ttl, t], then greatest created, then the later row. */
    private static List<List<Object>> bruteForce(List<GenericRecord> records, List<long[]> probes, long ttl,
                                                 boolean longKeys) {
        List<List<Object>> answers = new ArrayList<>();
        for (long[] probe : probes) {
            String key = key((int) probe[0], longKeys);
            GenericRecord best = null;
            for (GenericRecord r : records) {
                long event = (Long) r.get("event_timestamp");
                if (!r.get("entity_id").toString().equals(key) || event > probe[1] || ttl > 0 && event < probe[1] - ttl) {
                    continue;
                }
                if (best == null || event > (Long) best.get("event_timestamp") || event == (Long) best.get("event_timestamp")
                        && (Long) r.get("created") >= (Long) best.get("created")) {
                    best = r;
                }
            }
            List<Object> row = new ArrayList<>();
            for (String feature : FEATURES) {
                Object value = best == null ? null : best.get(feature);
                row.add(value instanceof CharSequence text ? text.toString() : value);
            }
            answers.add(row);
        }
        return answers;
    }

    private static String key(int k, boolean longKeys) {
        return longKeys ? Long.toString(1_000_000_000_000L + k) : "entity-" + k;
    }

    private static RowGroupColumn[] columns(ParquetColumns file, ParquetColumns.RowGroup group, KeyDictionary keys,
                                            boolean pageDecoding) {
        RowGroupColumn[] columns = new RowGroupColumn[3 + FEATURES.length];
        columns[0] = group.column(file.column("entity_id"), PageColumn.Use.KEY, keys, pageDecoding);
        columns[1] = group.column(file.column("event_timestamp"), PageColumn.Use.LONG, null, pageDecoding);
        columns[2] = group.column(file.column("created"), PageColumn.Use.LONG, null, pageDecoding);
        for (int f = 0; f < FEATURES.length; f++) {
            columns[3 + f] = group.column(file.column(FEATURES[f]), PageColumn.featureUse(KINDS[f]), null, pageDecoding);
        }
        return columns;
    }

    /**
     * Writes rows of 40 keys (30 of them in entity rows; new keys keep appearing over the first 800 rows, so a small
     * dictionary overflows after its first pages), event times in [0, 5000) (ascending when {@code sorted}),
     * few created times (ties), and features with nulls: doubles from 5 values (dictionary kept) and random (plain),
     * float, long, int, text and boolean. Small pages (at most 97 rows) and small row groups.
     */
    private static List<GenericRecord> write(Path file, Layout layout, int rows, int distinctKeys, Random random,
                                             boolean sorted) throws IOException {
        Schema timestamp = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("view").fields();
        fields = layout.longKeys ? fields.requiredLong("entity_id") : fields.requiredString("entity_id");
        Schema schema = fields.name("event_timestamp").type(timestamp).noDefault()
                .name("created").type(timestamp).noDefault()
                .optionalDouble("d_few").optionalDouble("d_many").optionalFloat("f").optionalLong("l").optionalInt("i")
                .optionalString("s").optionalBoolean("b").endRecord();
        List<GenericRecord> records = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            GenericRecord r = new GenericData.Record(schema);
            int k = random.nextInt(Math.min(distinctKeys, 8 + i / 25)); // keys appear over time
            r.put("entity_id", layout.longKeys ? (Object) (1_000_000_000_000L + k) : "entity-" + k);
            long event = sorted ? (long) i * 5000 / rows : random.nextInt(5000);
            r.put("event_timestamp", event);
            r.put("created", (long) random.nextInt(3));
            r.put("d_few", random.nextInt(10) == 0 ? null : (double) random.nextInt(5) / 4);
            r.put("d_many", random.nextInt(4) == 0 ? null : random.nextGaussian());
            r.put("f", random.nextInt(3) == 0 ? null : random.nextFloat());
            r.put("l", random.nextInt(5) == 0 ? null : random.nextLong());
            r.put("i", random.nextBoolean() ? null : random.nextInt(100));
            r.put("s", random.nextInt(3) == 0 ? null : "s" + random.nextInt(50));
            r.put("b", random.nextInt(3) == 0 ? null : random.nextBoolean());
            records.add(r);
        }
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withSchema(schema).withDataModel(GenericData.get())
                .withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withWriterVersion(layout.version).withDictionaryEncoding(layout.dictionary)
                .withDictionaryPageSize(layout.dictionaryPageSize).withPageRowCountLimit(97).withPageSize(4096)
                .withRowGroupSize(64L * 1024).build()) {
            for (GenericRecord r : records) {
                writer.write(r);
            }
        }
        return records;
    }

    @Test
    void shouldOnlyTakeChunksWhoseEncodingsItDecodes() {
        ColumnDescriptor doubles = new ColumnDescriptor(new String[] {"x"}, new org.apache.parquet.schema.PrimitiveType(
                org.apache.parquet.schema.Type.Repetition.OPTIONAL,
                org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE, "x"), 0, 1);

        assertThat(PageColumn.handles(doubles, EnumSet.of(Encoding.PLAIN, Encoding.RLE, Encoding.BIT_PACKED),
                PageColumn.Use.DOUBLE)).isTrue();
        assertThat(PageColumn.handles(doubles, EnumSet.of(Encoding.BYTE_STREAM_SPLIT, Encoding.RLE),
                PageColumn.Use.DOUBLE)).isFalse();
        assertThat(PageColumn.handles(doubles, EnumSet.of(Encoding.PLAIN), PageColumn.Use.LONG)).as("a double as an int")
                .isFalse();
        assertThat(PageColumn.handles(doubles, EnumSet.of(Encoding.PLAIN), null)).as("text and booleans").isFalse();
    }
}
