package dev.flywheel.trainer;

import java.io.IOException;
import java.nio.file.Path;

/** Small datasets for the tests, from {@link SyntheticDataset}. */
final class Datasets {

    private Datasets() {
    }

    static Path write(Path file, int rows, boolean numericLabel) throws IOException {
        return SyntheticDataset.write(file, rows, numericLabel);
    }
}
