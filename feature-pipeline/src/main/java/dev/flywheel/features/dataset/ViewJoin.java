package dev.flywheel.features.dataset;

import java.nio.file.Path;

/**
 * One view's join with bounded memory: sorts the entity probes and the feature rows externally, merges them
 * ({@link PointInTimeJoin}), and sorts the answers back into entity-row input order, so the answers of several views
 * can be zipped with the entity rows in one pass.
 */
public final class ViewJoin {

    private ViewJoin() {
    }

    /**
     * Joins.
     *
     * @param probes the entity rows, in any order (consumed)
     * @param rows the view's feature rows, in any order (consumed)
     * @param ttlMillis the view's ttl; 0 = no lower bound
     * @param maxRowsInMemory rows per sorted run
     * @param directory where runs are spilled
     * @return one answer per probe, in input ({@code index}) order; close it to delete the runs
     */
    public static CloseableIterator<JoinedValues> run(ExternalSorter<EntityProbe> probes, ExternalSorter<FeatureRow> rows,
                                                      long ttlMillis, int maxRowsInMemory, Path directory) {
        ExternalSorter<JoinedValues> answers = new ExternalSorter<>(JoinedValues.ORDER, JoinedValues.CODEC,
                maxRowsInMemory, directory);
        try (CloseableIterator<EntityProbe> sortedProbes = probes.sorted();
             CloseableIterator<FeatureRow> sortedRows = rows.sorted()) {
            PointInTimeJoin.join(sortedProbes, sortedRows, ttlMillis, answers::add);
        }
        return answers.sorted();
    }
}
