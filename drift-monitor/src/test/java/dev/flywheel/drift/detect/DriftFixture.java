package dev.flywheel.drift.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared drift fixture {@code shared/fixtures/drift/abrupt_seed0.txt} (see its README): 2,000 values, uniform
 * {0,1} up to index 998, uniform {4..7} from 999; MOA's ADWIN finds the change at 1023, PageHinkleyDM at 1014.
 */
public final class DriftFixture {

    private DriftFixture() {
    }

    /**
     * Reads the fixture, looking for {@code shared/} beside the working directory or one of its parents.
     *
     * @return its values, in order
     * @throws IOException when it cannot be read
     */
    public static double[] abruptSeed0() throws IOException {
        Path found = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && found == null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("shared/fixtures/drift/abrupt_seed0.txt"),
                    dir.resolve("../shared/fixtures/drift/abrupt_seed0.txt"))) {
                if (Files.isRegularFile(candidate)) {
                    found = candidate;
                    break;
                }
            }
        }
        Path path = found != null ? found : Path.of("/work/shared/fixtures/drift/abrupt_seed0.txt");
        return Files.readAllLines(path).stream().filter(line -> !line.isBlank()).mapToDouble(Double::parseDouble)
                .toArray();
    }
}
