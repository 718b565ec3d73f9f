package dev.flywheel.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSorterTest {

    @TempDir
    Path tmp;

    @Test
    void shouldMergeSpilledRunsIntoOneOrderAndDeleteThem() throws Exception {
        Random random = new Random(3);
        List<EntityProbe> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(new EntityProbe("k" + random.nextInt(50), random.nextInt(100), i));
        }
        Path runs = tmp.resolve("runs");
        List<EntityProbe> sorted = new ArrayList<>();

        try (ExternalSorter<EntityProbe> sorter = new ExternalSorter<>(EntityProbe.ORDER, EntityProbe.CODEC, 33, runs)) {
            rows.forEach(sorter::add);
            try (CloseableIterator<EntityProbe> it = sorter.sorted()) {
                it.forEachRemaining(sorted::add);
            }
        }

        List<EntityProbe> expected = new ArrayList<>(rows);
        expected.sort(EntityProbe.ORDER);
        assertThat(sorted).isEqualTo(expected);
        try (var left = Files.list(runs)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void shouldRoundTripEveryValueType() throws Exception {
        List<Object> values = java.util.Arrays.asList(null, true, 1, 2L, 3.5f, 4.25, "text");
        FeatureRow row = new FeatureRow("k", 1, 2, 3, values);
        List<FeatureRow> back = new ArrayList<>();

        try (ExternalSorter<FeatureRow> sorter = new ExternalSorter<>(FeatureRow.ORDER, FeatureRow.CODEC, 1, tmp)) {
            sorter.add(row);
            try (CloseableIterator<FeatureRow> it = sorter.sorted()) {
                it.forEachRemaining(back::add);
            }
        }

        assertThat(back).containsExactly(row);
    }
}
