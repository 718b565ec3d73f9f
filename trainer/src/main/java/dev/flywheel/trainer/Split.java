package dev.flywheel.trainer;

import java.util.Random;

/**
 * A seeded random hold-out split of a {@link Table}: the same seed over the same rows gives the same split.
 *
 * @param trainValues the training rows' matrix
 * @param trainLabels the training labels
 * @param testValues the held-out rows' matrix
 * @param testLabels the held-out labels
 */
record Split(float[] trainValues, float[] trainLabels, float[] testValues, float[] testLabels) {

    static Split of(Table table, double testFraction, long seed) {
        int rows = table.rows();
        int columns = table.columns();
        int test = (int) Math.round(rows * testFraction);
        if (test < 1 || rows - test < 1) {
            throw new BadInputException("the dataset has " + rows + " labelled rows: too few to hold out "
                    + testFraction + " of them and still train");
        }
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[] trainValues = new float[(rows - test) * columns];
        float[] trainLabels = new float[rows - test];
        float[] testValues = new float[test * columns];
        float[] testLabels = new float[test];
        for (int k = 0; k < rows; k++) {
            int row = order[k];
            boolean held = k < test;
            int target = held ? k : k - test;
            System.arraycopy(table.values(), row * columns, held ? testValues : trainValues, target * columns, columns);
            (held ? testLabels : trainLabels)[target] = table.labels()[row];
        }
        return new Split(trainValues, trainLabels, testValues, testLabels);
    }
}
