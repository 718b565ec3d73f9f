package dev.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.features.offline.OfflinePaths;
import dev.flywheel.features.offline.OfflineStore;
import dev.flywheel.features.offline.OfflineStoreConfig;
import dev.flywheel.features.offline.OfflineTarget;
import dev.flywheel.features.offline.ParquetIo;
import dev.flywheel.platform.registry.SchemaRegistryServer;
import dev.flywheel.platform.s3.EmbeddedS3;
import dev.flywheel.platform.testing.KafkaFixture;
import dev.flywheel.topology.topics.TopicNames;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flywheel datasets build|list} end to end on the real broker, schema registry and S3 server: a build from a
 * model's features and label stream in the offline tier, one from a CSV with explicit features, the listing, the
 * snapshot on {@code flywheel.datasets}, and one-line errors with exit code 1.
 */
class DatasetsCommandIT {

    private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final Schema TS = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    private static final Schema SPEND = SchemaBuilder.record("card_spend").fields().requiredString("card_id")
            .name("event_timestamp").type(TS).noDefault().name("created").type(TS).noDefault()
            .optionalLong("txn_count_1h").optionalDouble("amount_sum_24h").optionalString("last_country").endRecord();
    private static final Schema LABELS = SchemaBuilder.record("labels").fields().requiredString("card_id")
            .name("ts").type(TS).noDefault().requiredBoolean("is_fraud").endRecord();
    private static final String SPEC = """
            project: fraud
            sources:
              - {name: transactions, topic: transactions, key: card_id, timestamp: ts}
              - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts}
            feature_views:
              - name: card_spend
                source: transactions
                entity: card_id
                ttl: 1d
                features:
                  - {name: txn_count_1h,   agg: count, window: 1h}
                  - {name: amount_sum_24h, agg: sum,  field: amount, window: 24h}
                  - {name: last_country,   agg: last, field: country}
            labels:
              - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts, field: is_fraud}
            models:
              - name: fraud_detector
                features: [card_spend:txn_count_1h, card_spend:amount_sum_24h, card_spend:last_country]
                label: fraud_labels
                trainer: {backend: local}
                retrain: {on_new_rows: 100000}
            """;

    private static SchemaRegistryServer registry;
    private static EmbeddedS3 s3;
    private static final List<GenericRecord> LABEL_ROWS = new ArrayList<>();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";

    @BeforeAll
    static void start() {
        registry = SchemaRegistryServer.builder().bootstrapServers(KafkaFixture.bootstrapServers())
                .topic("_schemas-datasets-cli-" + UUID.randomUUID()).port(0).build();
        registry.start();
        s3 = EmbeddedS3.builder().port(0).build();
        s3.start();
        Random random = new Random(7);
        List<GenericRecord> spend = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long t = T0 + random.nextInt(48) * HOUR / 2;
            GenericRecord row = new GenericData.Record(SPEND);
            row.put("card_id", "c-" + random.nextInt(6));
            row.put("event_timestamp", t);
            row.put("created", t);
            row.put("txn_count_1h", (long) i);
            row.put("amount_sum_24h", random.nextDouble() * 100);
            row.put("last_country", random.nextBoolean() ? "DE" : "FR");
            spend.add(row);
        }
        for (int i = 0; i < 120; i++) {
            GenericRecord label = new GenericData.Record(LABELS);
            label.put("card_id", "c-" + random.nextInt(8));
            label.put("ts", T0 + random.nextInt(100) * HOUR / 4);
            label.put("is_fraud", random.nextInt(10) == 0);
            LABEL_ROWS.add(label);
        }
        try (OfflineStore store = OfflineStore.open(OfflineStoreConfig.builder("flywheel")
                .endpoint(URI.create(s3.endpoint())).region(s3.region()).credentials(s3.accessKey(), s3.secretKey())
                .pathStyle(true).build())) {
            LocalDate date = LocalDate.parse("2026-03-01");
            store.put(OfflinePaths.objectKey("offline", OfflineTarget.Kind.FEATURES, "card_spend", date, "t", 0, 0),
                    ParquetIo.toBytes(SPEND, spend), "application/vnd.apache.parquet");
            store.put(OfflinePaths.objectKey("offline", OfflineTarget.Kind.SOURCE, "fraud_labels", date, "t", 0, 0),
                    ParquetIo.toBytes(LABELS, LABEL_ROWS), "application/vnd.apache.parquet");
        }
    }

    @AfterAll
    static void stop() {
        s3.stop();
        registry.stop();
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        var commandLine = Flywheel.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "kafka.bootstrap.servers=" + KafkaFixture.bootstrapServers(),
                "--set", "registry.url=" + registry.endpoint(), "--set", "topic.prefix=" + prefix,
                "--set", "s3.endpoint=" + s3.endpoint(), "--set", "s3.region=" + s3.region(),
                "--set", "s3.bucket=flywheel", "--set", "s3.access.key=" + s3.accessKey(),
                "--set", "s3.secret.key=" + s3.secretKey(), "--set", "s3.path.style=true"));
        return commandLine.execute(all.toArray(String[]::new));
    }

    @Test
    void shouldBuildFromAModelAndFromACsvListThemAndAnnounceTheSnapshot() throws Exception {
        Path spec = Files.writeString(dir.resolve("flywheel.yaml"), SPEC);
        ObjectMapper json = new ObjectMapper();

        // a model: its features, and its label stream's records in the offline tier (the source of the same name)
        assertThat(run("datasets", "build", "-f", spec.toString(), "--model", "fraud_detector", "--json"))
                .as(err.toString()).isZero();
        JsonNode fromModel = json.readTree(out.toString());
        assertThat(fromModel.get("rows").asLong()).isEqualTo(LABEL_ROWS.size());
        assertThat(fromModel.get("label").asText()).isEqualTo("is_fraud");
        assertThat(fromModel.get("timestamp_column").asText()).isEqualTo("ts");
        assertThat(fromModel.get("features")).hasSize(3);
        String modelId = fromModel.get("dataset_id").asText();

        // the same build again: the same id
        assertThat(run("datasets", "build", "-f", spec.toString(), "--labels", "fraud_labels",
                "--features", "card_spend:txn_count_1h,card_spend:amount_sum_24h,card_spend:last_country")).isZero();
        assertThat(out.toString()).contains("Built dataset " + modelId, LABEL_ROWS.size() + " rows", "Manifest: s3://");

        // a CSV of entity rows, explicit feature and columns
        StringBuilder csv = new StringBuilder("card_id,ts\n");
        for (int i = 0; i < 10; i++) {
            csv.append("c-").append(i % 7).append(',').append(Instant.ofEpochMilli(T0 + i * 3 * HOUR)).append('\n');
        }
        Path entities = Files.writeString(dir.resolve("entities.csv"), csv);
        assertThat(run("datasets", "build", "-f", spec.toString(), "--entities", entities.toString(),
                "--timestamp-column", "ts", "--features", "card_spend:txn_count_1h", "--json")).as(err.toString()).isZero();
        JsonNode fromCsv = json.readTree(out.toString());
        assertThat(fromCsv.get("rows").asLong()).isEqualTo(10);
        assertThat(fromCsv.get("label").isNull()).isTrue();

        assertThat(run("datasets", "list", "--json")).as(err.toString()).isZero();
        JsonNode listed = json.readTree(out.toString());
        assertThat(listed).hasSize(2);
        assertThat(listed.findValuesAsText("dataset_id")).containsExactlyInAnyOrder(modelId,
                fromCsv.get("dataset_id").asText());
        assertThat(listed.findValues("rows").stream().map(JsonNode::asLong)).containsExactlyInAnyOrder(10L,
                (long) LABEL_ROWS.size());
        assertThat(run("datasets", "list")).isZero();
        assertThat(out.toString()).contains("DATASET", "ROWS", "CREATED", modelId, "2 datasets in s3://flywheel/datasets/");

        // every build announced its snapshot, keyed by dataset id
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "datasets-cli-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(new TopicNames(prefix).datasets()));
            for (int i = 0; i < 40 && keys.size() < 3; i++) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
            }
        }
        assertThat(keys).containsExactlyInAnyOrder(modelId, modelId, fromCsv.get("dataset_id").asText());
    }

    @Test
    void shouldFailWithOneLineErrors() throws Exception {
        Path spec = Files.writeString(dir.resolve("flywheel.yaml"), SPEC);

        assertThat(run("datasets", "build", "-f", spec.toString(), "--labels", "fraud_labels",
                "--features", "card_spend:nope")).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains("flywheel: Feature view 'card_spend' has no feature 'nope'");

        assertThat(run("datasets", "build", "-f", spec.toString(), "--model", "nobody")).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains("No model 'nobody'", "fraud_detector");

        assertThat(run("datasets", "build", "-f", spec.toString(), "--labels", "clicks", "--features",
                "card_spend:txn_count_1h")).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains("No label stream or source 'clicks'");

        assertThat(run("datasets", "build", "-f", spec.toString(), "--entities", dir.resolve("none.csv").toString(),
                "--timestamp-column", "ts", "--features", "card_spend:txn_count_1h")).isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains("No entity file");

        assertThat(run("datasets", "build", "-f", spec.toString(), "--features", "card_spend:txn_count_1h"))
                .isEqualTo(Flywheel.EXIT_FAILURE);
        assertThat(err.toString()).contains("no entity rows: pass --entities FILE, --labels STREAM or --model NAME");

        assertThat(run("datasets", "build", "--entities", "x.csv", "--entities", "y.csv")).isEqualTo(2);
    }
}
