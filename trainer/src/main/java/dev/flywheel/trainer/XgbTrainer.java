package dev.flywheel.trainer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Trains a gradient-boosted tree model with XGBoost4J and evaluates it on the held-out split. */
final class XgbTrainer {

    /** The artifact format the registry records. */
    static final String FORMAT = "xgboost-json";
    private static final String ROUNDS = "num_round";

    private XgbTrainer() {
    }

    /**
     * The parameters of a run: the defaults for the task, then the overrides.
     *
     * @return every parameter as text, {@code num_round} included
     */
    static Map<String, String> parameters(Table.Task task, Map<String, String> overrides, Device device) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("objective", task == Table.Task.BINARY ? "binary:logistic" : "reg:squarederror");
        params.put("eta", "0.1");
        params.put("max_depth", "6");
        params.put("subsample", "1.0");
        params.put("tree_method", "hist");
        params.put(ROUNDS, "100");
        params.put("seed", "42");
        params.putAll(overrides);
        params.put("device", device.name());
        return params;
    }

    /**
     * Trains and evaluates.
     *
     * @param split the data
     * @param columns features per row
     * @param task the task
     * @param params the parameters from {@link #parameters}
     * @param modelFile where the model is saved (XGBoost's JSON format)
     * @return the held-out metrics: {@code auc} and {@code logloss}, or {@code rmse}
     */
    static Map<String, Double> train(Split split, int columns, Table.Task task, Map<String, String> params, Path modelFile) {
        int rounds = rounds(params);
        Map<String, Object> booster = new HashMap<>(params);
        booster.remove(ROUNDS);
        DMatrix train = null;
        DMatrix test = null;
        Booster model = null;
        try {
            train = new DMatrix(split.trainValues(), split.trainLabels().length, columns, Float.NaN);
            train.setLabel(split.trainLabels());
            test = new DMatrix(split.testValues(), split.testLabels().length, columns, Float.NaN);
            test.setLabel(split.testLabels());
            model = XGBoost.train(train, booster, rounds, Map.of(), null, null);
            float[][] predicted = model.predict(test);
            float[] scores = new float[predicted.length];
            for (int i = 0; i < predicted.length; i++) {
                scores[i] = predicted[i][0];
            }
            model.saveModel(modelFile.toString());
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (task == Table.Task.BINARY) {
                metrics.put("auc", Metrics.auc(split.testLabels(), scores));
                metrics.put("logloss", Metrics.logLoss(split.testLabels(), scores));
            } else {
                metrics.put("rmse", Metrics.rmse(split.testLabels(), scores));
            }
            return metrics;
        } catch (XGBoostError e) {
            throw new BadInputException("XGBoost refused the run: " + e.getMessage(), e);
        } finally {
            if (model != null) {
                model.dispose();
            }
            if (train != null) {
                train.dispose();
            }
            if (test != null) {
                test.dispose();
            }
        }
    }

    private static int rounds(Map<String, String> params) {
        try {
            int rounds = Integer.parseInt(params.get(ROUNDS));
            if (rounds < 1) {
                throw new BadInputException(ROUNDS + " must be at least 1, was " + rounds);
            }
            return rounds;
        } catch (NumberFormatException e) {
            throw new BadInputException(ROUNDS + " must be an integer, was '" + params.get(ROUNDS) + "'", e);
        }
    }
}
