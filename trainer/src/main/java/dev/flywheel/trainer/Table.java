package dev.flywheel.trainer;

import java.util.List;

/**
 * The dataset as a dense matrix: one row per labelled row, missing values as NaN.
 *
 * @param features the feature column names, in matrix column order
 * @param values the row-major matrix, {@code rows x features.size()}
 * @param labels the label of each row (0/1 for a binary task)
 * @param task whether the label is binary or numeric
 * @param dropped rows left out because their label was missing
 */
record Table(List<String> features, float[] values, float[] labels, Task task, long dropped) {

    /** The kind of learning problem, decided from the label column. */
    enum Task {
        /** Two label values: logistic loss, AUC and log loss. */
        BINARY,
        /** A numeric label: squared error, RMSE. */
        REGRESSION
    }

    int rows() {
        return labels.length;
    }

    int columns() {
        return features.size();
    }
}
