package dev.flywheel.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run: fetch the dataset, read it, split, train, evaluate, write {@code model.json},
 * {@code model.json.sha256} and {@code metrics.json} to the output folder.
 */
final class Training {

    /** The model file name in the output folder. */
    static final String MODEL_FILE = "model.json";
    /** The metrics file name in the output folder. */
    static final String METRICS_FILE = "metrics.json";

    private static final Logger LOG = LoggerFactory.getLogger(Training.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, String> env;
    private final java.util.function.BooleanSupplier cudaBuild;

    Training(Map<String, String> env, java.util.function.BooleanSupplier cudaBuild) {
        this.env = env;
        this.cudaBuild = cudaBuild;
    }

    /**
     * Runs the training.
     *
     * @param options what to train
     * @param work a scratch folder
     * @return the result, also written as {@code metrics.json}
     */
    Result run(TrainerOptions options, Path work) {
        Device device = Device.choose(options.device(), env, cudaBuild);
        LOG.info("Training on {} ({}): dataset {}, label {}", device.name(), device.reason(), options.dataset(),
                options.label());
        try (Storage storage = new Storage(env)) {
            Path data = storage.fetch(options.dataset(), work.resolve("data.parquet"));
            Table table = DatasetReader.read(data, options);
            Split split = Split.of(table, options.testFraction(), options.seed());
            Map<String, String> params = XgbTrainer.parameters(table.task(), options.parameters(), device);
            Path model = work.resolve(MODEL_FILE);
            Map<String, Double> metrics = XgbTrainer.train(split, table.columns(), table.task(), params, model);
            String sha256 = sha256(model);
            Files.writeString(work.resolve(MODEL_FILE + ".sha256"), sha256 + "  " + MODEL_FILE + "\n");
            URI modelUri = storage.put(options.output(), MODEL_FILE, model);
            storage.put(options.output(), MODEL_FILE + ".sha256", work.resolve(MODEL_FILE + ".sha256"));
            Result result = new Result(modelUri.toString(), sha256, XgbTrainer.FORMAT,
                    table.task().name().toLowerCase(java.util.Locale.ROOT), metrics, params, device.name(),
                    device.reason(), Map.of("train", (long) split.trainLabels().length, "test",
                    (long) split.testLabels().length, "dropped_unlabelled", table.dropped()), table.features(),
                    options.label(), options.dataset().toString());
            Path metricsFile = work.resolve(METRICS_FILE);
            JSON.writeValue(metricsFile.toFile(), result);
            storage.put(options.output(), METRICS_FILE, metricsFile);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * What {@code metrics.json} holds: the fields the registry needs from a successful training, and context.
     *
     * @param modelUri where the model was written
     * @param modelSha256 the hex SHA-256 of the model file
     * @param modelFormat {@code xgboost-json}
     * @param task {@code binary} or {@code regression}
     * @param metrics held-out metrics
     * @param hyperparameters every parameter used
     * @param device {@code cpu} or {@code cuda}
     * @param deviceReason why that device
     * @param rows train / test / dropped row counts
     * @param features the feature columns, in model column order
     * @param label the label column
     * @param datasetUri the dataset read
     */
    record Result(@com.fasterxml.jackson.annotation.JsonProperty("model_uri") String modelUri,
                  @com.fasterxml.jackson.annotation.JsonProperty("model_sha256") String modelSha256,
                  @com.fasterxml.jackson.annotation.JsonProperty("model_format") String modelFormat,
                  String task, Map<String, Double> metrics, Map<String, String> hyperparameters, String device,
                  @com.fasterxml.jackson.annotation.JsonProperty("device_reason") String deviceReason,
                  Map<String, Long> rows, java.util.List<String> features, String label,
                  @com.fasterxml.jackson.annotation.JsonProperty("dataset_uri") String datasetUri) {

        /** The metrics as Katib's StdOut collector reads them, one {@code name=value} per line. */
        String katibLines() {
            StringBuilder out = new StringBuilder();
            metrics.forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
            return out.toString();
        }
    }
}
