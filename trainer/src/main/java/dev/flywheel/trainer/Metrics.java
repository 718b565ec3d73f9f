package dev.flywheel.trainer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Evaluation metrics on the held-out split. */
final class Metrics {

    private static final double EPS = 1e-15;

    private Metrics() {
    }

    /**
     * The area under the ROC curve (Mann-Whitney U, tied scores count half).
     *
     * @return the AUC, or NaN when the labels hold one class only
     */
    static double auc(float[] labels, float[] scores) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // the average rank of a tie group, 1-based
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] > 0.5f) {
                    rankSumPositive += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** The mean binary log loss, probabilities clipped to [1e-15, 1 - 1e-15]. */
    static double logLoss(float[] labels, float[] probabilities) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double p = Math.min(Math.max(probabilities[i], EPS), 1 - EPS);
            sum += labels[i] > 0.5f ? -Math.log(p) : -Math.log(1 - p);
        }
        return sum / labels.length;
    }

    /** The root mean squared error. */
    static double rmse(float[] labels, float[] predictions) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double d = labels[i] - predictions[i];
            sum += d * d;
        }
        return Math.sqrt(sum / labels.length);
    }
}
