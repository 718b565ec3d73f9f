package dev.flywheel.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.features.offline.OfflinePaths;
import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.features.offline.OfflineStoreConfig;
import dev.flywheel.features.offline.OfflineTarget;
import dev.flywheel.features.offline.ParquetIo;
import dev.flywheel.platform.s3.EmbeddedS3;
import dev.flywheel.schemas.events.DatasetSnapshot;
import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.schemas.events.FeatureProfile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder on the real S3 server: labels and two views (ttl 1 h and none) in the offline tier, a build through
 * tiny sort runs, rows checked against a brute-force join, the manifest and profiles, the same id and bytes on a
 * second build, and the same result from a CSV of the same entity rows.
 */
class DatasetBuilderIT {

    private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final Schema TS = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    private static final Schema SPEND = SchemaBuilder.record("card_spend").fields().requiredString("card_id")
            .name("event_timestamp").type(TS).noDefault().name("created").type(TS).noDefault()
            .optionalLong("txn_count").optionalString("last_country").endRecord();
    private static final Schema RISK = SchemaBuilder.record("card_risk").fields().requiredString("card_id")
            .name("event_timestamp").type(TS).noDefault().name("created").type(TS).noDefault()
            .optionalDouble("risk").endRecord();
    private static final Schema LABELS = SchemaBuilder.record("fraud_labels").fields().requiredString("card_id")
            .name("ts").type(TS).noDefault().requiredBoolean("is_fraud").endRecord();
    private static final Map<String, ViewInfo> VIEWS = Map.of("card_spend", new ViewInfo(List.of("card_id"), HOUR),
            "card_risk", new ViewInfo(List.of("card_id"), 0));

    private static EmbeddedS3 s3;
    private static OfflineStore store;
    private static final List<GenericRecord> SPEND_ROWS = new ArrayList<>();
    private static final List<GenericRecord> RISK_ROWS = new ArrayList<>();
    private static final List<GenericRecord> LABEL_ROWS = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.builder().port(0).build();
        s3.start();
        store = OfflineStore.open(OfflineStoreConfig.builder("flywheel").endpoint(URI.create(s3.endpoint()))
                .region(s3.region()).credentials(s3.accessKey(), s3.secretKey()).pathStyle(true).build());
        Random random = new Random(42);
        for (int i = 0; i < 400; i++) {
            long t = T0 + random.nextInt(48) * HOUR / 2;
            SPEND_ROWS.add(record(SPEND, "c-" + random.nextInt(8), t, t + random.nextInt(3), "txn_count", (long) i,
                    "last_country", random.nextBoolean() ? "DE" : "FR"));
            long r = T0 + random.nextInt(48) * HOUR / 2;
            RISK_ROWS.add(record(RISK, "c-" + random.nextInt(8), r, r, "risk", random.nextDouble(), null, null));
        }
        for (int i = 0; i < 300; i++) {
            GenericRecord label = new GenericData.Record(LABELS);
            label.put("card_id", "c-" + random.nextInt(10)); // c-8, c-9 have no features
            label.put("ts", T0 + random.nextInt(100) * HOUR / 4);
            label.put("is_fraud", random.nextInt(10) == 0);
            LABEL_ROWS.add(label);
        }
        putByDate(OfflineTarget.Kind.FEATURES, "card_spend", SPEND, SPEND_ROWS, "event_timestamp");
        putByDate(OfflineTarget.Kind.FEATURES, "card_risk", RISK, RISK_ROWS, "event_timestamp");
        putByDate(OfflineTarget.Kind.SOURCE, "fraud_labels", LABELS, LABEL_ROWS, "ts");
    }

    @AfterAll
    static void stop() {
        store.close();
        s3.stop();
    }

    @Test
    void shouldBuildThePointInTimeJoinReproduciblyFromTheOfflineTier() throws Exception {
        // given
        DatasetSpec spec = new DatasetSpec(new EntityInput.OfflineSource("fraud_labels"), "ts", Optional.of("is_fraud"),
                List.of(FeatureRef.parse("card_spend:txn_count"), FeatureRef.parse("card_spend:last_country"),
                        FeatureRef.parse("card_risk:risk")), Optional.of("fraud_detector"), Optional.of("req-1"), List.of("cause-1"));
        List<DatasetSnapshot> published = new ArrayList<>();
        DatasetBuilder builder = new DatasetBuilder(store, VIEWS, new DatasetBuilderSettings(tmp, 7, 1000), published::add,
                Clock.systemUTC());

        // when
        DatasetResult first = builder.build(spec);
        byte[] firstBytes = store.read(dataKey(first)).orElseThrow();
        DatasetResult second = builder.build(spec);

        // then: same id, same bytes
        assertThat(second.datasetId()).isEqualTo(first.datasetId());
        assertThat(store.read(dataKey(second)).orElseThrow()).isEqualTo(firstBytes);
        // and in memory (one partition: profiles from the answers, beside the writer) the same bytes and profiles
        DatasetResult inMemory = new DatasetBuilder(store, VIEWS, new DatasetBuilderSettings(tmp, 1_000_000, 1000),
                s -> { }, Clock.systemUTC()).build(spec);
        assertThat(inMemory.datasetId()).isEqualTo(first.datasetId());
        assertThat(store.read(dataKey(inMemory)).orElseThrow()).isEqualTo(firstBytes);
        assertThat(inMemory.snapshot().getProfiles()).isEqualTo(first.snapshot().getProfiles());
        // and every row is the brute-force join, in input order
        List<GenericRecord> rows = read(firstBytes);
        List<GenericRecord> labels = orderedLabels();
        assertThat(rows).hasSize(labels.size());
        for (int i = 0; i < rows.size(); i++) {
            GenericRecord label = labels.get(i);
            GenericRecord spend = latest(SPEND_ROWS, label, HOUR);
            GenericRecord risk = latest(RISK_ROWS, label, 0);
            assertThat(rows.get(i).get("card_id").toString()).isEqualTo(label.get("card_id"));
            assertThat(rows.get(i).get("is_fraud")).isEqualTo(label.get("is_fraud"));
            assertThat(rows.get(i).get("txn_count")).as("row %d", i).isEqualTo(spend == null ? null : spend.get("txn_count"));
            assertThat(text(rows.get(i).get("last_country"))).isEqualTo(spend == null ? null : spend.get("last_country"));
            assertThat(rows.get(i).get("risk")).isEqualTo(risk == null ? null : risk.get("risk"));
        }
        // and the snapshot, manifest and profiles
        DatasetSnapshot snapshot = published.get(0);
        assertThat(snapshot.getDatasetId()).isEqualTo(first.datasetId());
        assertThat(snapshot.getRowCount()).isEqualTo(300);
        assertThat(snapshot.getFeatureRefs()).containsExactly("card_spend:txn_count", "card_spend:last_country", "card_risk:risk");
        assertThat(snapshot.getEntityColumns()).containsExactly("card_id");
        assertThat(snapshot.getLabel()).isEqualTo("is_fraud");
        assertThat(snapshot.getRequestId()).isEqualTo("req-1");
        assertThat(snapshot.getCauses()).containsExactly("cause-1");
        FeatureProfile count = snapshot.getProfiles().get(0);
        assertThat(count.getKind()).isEqualTo(FeatureKind.NUMERIC);
        assertThat(count.getBinCounts()).hasSize(count.getBinEdges().size() + 1);
        assertThat(count.getBinCounts().stream().mapToLong(Long::longValue).sum()).isEqualTo(count.getCount());
        assertThat(count.getCount() + count.getNullCount()).isEqualTo(300);
        FeatureProfile country = snapshot.getProfiles().get(1);
        assertThat(country.getKind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(country.getCategoryCounts().keySet()).isSubsetOf("DE", "FR");
        String manifest = new String(store.read(store.config().datasetsPrefix() + "/" + first.datasetId() + "/manifest.json")
                .orElseThrow(), StandardCharsets.UTF_8);
        assertThat(manifest).contains("\"row_count\" : 300", "offline/view=card_spend/", "offline/source=fraud_labels/",
                "\"profiles\"", "\"schema\"");
    }

    @Test
    void shouldJoinTheSameFeaturesForACsvOfTheSameEntityRows() throws Exception {
        // given: the labels as CSV (ISO timestamps)
        Path csv = tmp.resolve("labels.csv");
        StringBuilder text = new StringBuilder("card_id,ts,is_fraud\n");
        for (GenericRecord label : orderedLabels()) {
            text.append(label.get("card_id")).append(',').append(Instant.ofEpochMilli((Long) label.get("ts")))
                    .append(',').append(label.get("is_fraud")).append('\n');
        }
        Files.writeString(csv, text);
        List<FeatureRef> features = List.of(FeatureRef.parse("card_spend:txn_count"), FeatureRef.parse("card_risk:risk"));
        DatasetBuilder builder = new DatasetBuilder(store, VIEWS, new DatasetBuilderSettings(tmp, 50, 1000), s -> { },
                Clock.systemUTC());

        // when
        DatasetResult fromCsv = builder.build(DatasetSpec.of(new EntityInput.CsvFile(csv), "ts", features));
        DatasetResult fromTier = builder.build(DatasetSpec.of(new EntityInput.OfflineSource("fraud_labels"), "ts", features));

        // then
        List<GenericRecord> a = read(store.read(dataKey(fromCsv)).orElseThrow());
        List<GenericRecord> b = read(store.read(dataKey(fromTier)).orElseThrow());
        assertThat(fromCsv.datasetId()).isNotEqualTo(fromTier.datasetId());
        assertThat(a).hasSize(b.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).get("txn_count")).isEqualTo(b.get(i).get("txn_count"));
            assertThat(a.get(i).get("risk")).isEqualTo(b.get(i).get("risk"));
            assertThat(a.get(i).get("ts")).isEqualTo(b.get(i).get("ts"));
        }
    }

    private static String dataKey(DatasetResult result) {
        return result.dataUri().substring(("s3://flywheel/").length());
    }

    private static Object text(Object value) {
        return value == null ? null : value.toString();
    }

    /** Labels in the order the builder reads them: objects by key (date, then name), rows in file order. */
    private static List<GenericRecord> orderedLabels() {
        List<GenericRecord> ordered = new ArrayList<>(LABEL_ROWS);
        ordered.sort(java.util.Comparator.comparing(r -> OfflinePaths.dateOf((Long) r.get("ts"))));
        return ordered;
    }

    private static GenericRecord latest(List<GenericRecord> rows, GenericRecord label, long ttl) {
        long t = (Long) label.get("ts");
        GenericRecord best = null;
        for (GenericRecord row : rows) {
            long e = (Long) row.get("event_timestamp");
            boolean in = row.get("card_id").equals(label.get("card_id")) && e <= t && (ttl == 0 || e >= t - ttl);
            if (in && (best == null || e > (Long) best.get("event_timestamp") || e == (Long) best.get("event_timestamp")
                    && (Long) row.get("created") >= (Long) best.get("created"))) {
                best = row;
            }
        }
        return best;
    }

    private List<GenericRecord> read(byte[] parquet) throws Exception {
        Path file = Files.createTempFile(tmp, "read", ".parquet");
        Files.write(file, parquet);
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = ParquetIo.reader(file)) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static GenericRecord record(Schema schema, String card, long t, long created, String f1, Object v1,
                                        String f2, Object v2) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("card_id", card);
        record.put("event_timestamp", t);
        record.put("created", created);
        record.put(f1, v1);
        if (f2 != null) {
            record.put(f2, v2);
        }
        return record;
    }

    /** One object per date, rows in list order, as the sink would write them. */
    private static void putByDate(OfflineTarget.Kind kind, String name, Schema schema, List<GenericRecord> rows, String time) {
        Map<java.time.LocalDate, List<GenericRecord>> byDate = new java.util.TreeMap<>();
        for (GenericRecord row : rows) {
            byDate.computeIfAbsent(OfflinePaths.dateOf((Long) row.get(time)), d -> new ArrayList<>()).add(row);
        }
        byDate.forEach((date, list) -> store.put(OfflinePaths.objectKey("offline", kind, name, date, "t", 0, 0),
                ParquetIo.toBytes(schema, list), "application/vnd.apache.parquet"));
    }

}
