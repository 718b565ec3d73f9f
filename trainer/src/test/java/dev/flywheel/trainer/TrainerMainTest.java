package dev.flywheel.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's command line on local files: what it writes, prints and returns, and its bad-input answers. */
class TrainerMainTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return TrainerMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldTrainABinaryModelAndWriteModelMetricsAndDigest() throws Exception {
        // given
        Path data = Datasets.write(tmp.resolve("data.parquet"), 600, false);
        Path output = tmp.resolve("out");

        // when
        int code = run(Map.of("CUDA_VISIBLE_DEVICES", ""), "--dataset", data.toString(), "--output", output.toString(),
                "--label", "label", "--exclude", "card_id", "--param", "num_round=20,max_depth=3");

        // then
        assertThat(code).as(err.toString()).isEqualTo(TrainerMain.OK);
        JsonNode metrics = new ObjectMapper().readTree(output.resolve("metrics.json").toFile());
        String sha = Training.sha256(output.resolve("model.json"));
        assertThat(metrics.get("model_sha256").asText()).isEqualTo(sha);
        assertThat(Files.readString(output.resolve("model.json.sha256"))).startsWith(sha + "  model.json");
        assertThat(metrics.get("model_uri").asText()).isEqualTo(output.resolve("model.json").toUri().toString());
        assertThat(metrics.get("model_format").asText()).isEqualTo("xgboost-json");
        assertThat(metrics.get("task").asText()).isEqualTo("binary");
        assertThat(metrics.get("metrics").get("auc").asDouble()).isGreaterThan(0.8);
        assertThat(metrics.get("metrics").get("logloss").asDouble()).isPositive();
        assertThat(metrics.get("hyperparameters").get("max_depth").asText()).isEqualTo("3");
        assertThat(metrics.get("hyperparameters").get("device").asText()).isEqualTo("cpu");
        assertThat(metrics.get("features").toString()).isEqualTo("[\"amount\",\"txn_count\",\"country\"]");
        assertThat(metrics.get("rows").get("test").asLong()).isEqualTo(120);
        assertThat(out.toString()).containsPattern("(?m)^auc=0\\.\\d+$").containsPattern("(?m)^logloss=\\d")
                .contains("model_sha256=" + sha, "device=cpu");
    }

    @Test
    void shouldTrainARegressionOnANumericLabelAndReportRmse() throws Exception {
        Path data = Datasets.write(tmp.resolve("data.parquet"), 400, true);

        int code = run(Map.of(), "--dataset", data.toUri().toString(), "--output", tmp.resolve("o").toUri().toString(),
                "--label", "label", "--features", "amount,country", "--param", "num_round=10");

        assertThat(code).as(err.toString()).isEqualTo(TrainerMain.OK);
        JsonNode metrics = new ObjectMapper().readTree(tmp.resolve("o/metrics.json").toFile());
        assertThat(metrics.get("task").asText()).isEqualTo("regression");
        assertThat(metrics.get("metrics").has("rmse")).isTrue();
        assertThat(metrics.get("metrics").has("auc")).isFalse();
        assertThat(out.toString()).containsPattern("(?m)^rmse=\\d");
    }

    @Test
    void shouldExitTwoNamingTheColumnsWhenTheLabelIsMissing() throws Exception {
        Path data = Datasets.write(tmp.resolve("data.parquet"), 50, false);

        int code = run(Map.of(), "--dataset", data.toString(), "--output", tmp.resolve("o").toString(), "--label", "fraud");

        assertThat(code).isEqualTo(TrainerMain.BAD_INPUT);
        assertThat(err.toString()).contains("label column 'fraud' is not in the dataset", "card_id", "amount");
        assertThat(out.toString()).isEmpty();
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    @Test
    void shouldExitTwoWhenTheDatasetDoesNotExist() {
        int code = run(Map.of(), "--dataset", tmp.resolve("none.parquet").toString(), "--output", tmp.toString(),
                "--label", "label");

        assertThat(code).isEqualTo(TrainerMain.BAD_INPUT);
        assertThat(err.toString()).contains("dataset not found");
    }

    @Test
    void shouldExitTwoWhenTheDatasetIsNotParquet() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.parquet"), "not parquet");

        int code = run(Map.of(), "--dataset", junk.toString(), "--output", tmp.toString(), "--label", "label");

        assertThat(code).isEqualTo(TrainerMain.BAD_INPUT);
        assertThat(err.toString()).contains("not a readable Parquet file");
    }

    @Test
    void shouldExitTwoWithUsageOnAnUnknownOptionOrAMissingRequiredOne() {
        assertThat(run(Map.of(), "--datset", "x")).isEqualTo(TrainerMain.BAD_INPUT);
        assertThat(err.toString()).contains("unknown option --datset", "usage:");
        assertThat(run(Map.of(), "--dataset", "x.parquet")).isEqualTo(TrainerMain.BAD_INPUT);
        assertThat(err.toString()).contains("--output (or FLYWHEEL_OUTPUT_URI) is required");
    }

    @Test
    void shouldExitTwoWhenTooFewRowsToHoldOut() throws Exception {
        Path data = Datasets.write(tmp.resolve("data.parquet"), 2, false);

        int code = run(Map.of(), "--dataset", data.toString(), "--output", tmp.toString(), "--label", "label",
                "--test-fraction", "0.1");

        assertThat(code).isEqualTo(TrainerMain.BAD_INPUT);
        assertThat(err.toString()).contains("too few to hold out");
    }

    @Test
    void shouldTakeItsInputsFromTheEnvironmentTheLaunchersSet() throws Exception {
        Path data = Datasets.write(tmp.resolve("data.parquet"), 200, false);

        int code = run(Map.of("FLYWHEEL_DATASET_URI", data.toString(), "FLYWHEEL_OUTPUT_URI", tmp.resolve("e").toString(),
                "FLYWHEEL_LABEL", "label", "FLYWHEEL_FEATURES", "amount", "FLYWHEEL_PARAMS", "num_round=5"));

        assertThat(code).as(err.toString()).isEqualTo(TrainerMain.OK);
        assertThat(tmp.resolve("e/metrics.json")).exists();
    }
}
