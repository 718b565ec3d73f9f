package dev.flywheel.features.dataset;

/**
 * Profiles one view's features straight from its resolved in-memory {@link ProbeTable}, apart from the output
 * writer (on another thread), with the results the writer's own profiling would give: first every entity row's
 * answer in input order (the seeded reservoir sample sees the values in the order of the output rows), then the
 * edges are frozen and each table row's value is binned once, weighted by the number of entity rows it answers
 * (bin counts do not depend on order). So the second pass costs one step per table row, not one per output value,
 * and the written file is never read back.
 */
final class AnswerProfiles {

    private AnswerProfiles() {
    }

    /**
     * Fills the accumulators of a view's features.
     *
     * @param table the view's resolved table
     * @param count entity rows (input positions {@code 0..count-1})
     * @param slots each profiled feature's slot in the view
     * @param profiles each profiled feature's accumulator (same order as {@code slots}); frozen on return
     */
    static void profile(ProbeTable table, long count, int[] slots, ProfileAccumulator[] profiles) {
        for (int input = 0; input < count; input++) {
            int row = table.answerRow(input);
            for (int i = 0; i < slots.length; i++) {
                observe(table, row, slots[i], profiles[i]);
            }
        }
        int[] answered = new int[table.rows()];
        for (int input = 0; input < count; input++) {
            int row = table.answerRow(input);
            if (row >= 0) {
                answered[row]++;
            }
        }
        for (int i = 0; i < slots.length; i++) {
            ProfileAccumulator profile = profiles[i];
            profile.freeze();
            if (!profile.numeric()) {
                continue;
            }
            for (int row = 0; row < answered.length; row++) {
                if (answered[row] > 0 && !table.isNull(row, slots[i])) {
                    profile.bin(table.number(row, slots[i]), answered[row]);
                }
            }
        }
    }

    private static void observe(ProbeTable table, int row, int slot, ProfileAccumulator profile) {
        if (row < 0 || table.isNull(row, slot)) {
            profile.observeNull();
        } else if (table.kind(slot) == ValueKind.BOOLEAN || table.kind(slot) == ValueKind.STRING) {
            profile.observeCategory(table.category(row, slot));
        } else {
            profile.observeNumber(table.number(row, slot));
        }
    }
}
