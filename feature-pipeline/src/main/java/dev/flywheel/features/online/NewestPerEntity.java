package dev.flywheel.features.online;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the rows of a batch that can change Redis: per view and entity hash, the newest row (greatest event time,
 * then created, a row without created losing every tie, the first of equal rows winning), and any other row with a
 * feature the newest one lacks. Written one by one through the newer-wins script, the batch leaves the same hash:
 * the newest row is written whenever any row of its entity would be (the script's order is the same total order),
 * it is the last one written, and it overwrites both times and every feature field it carries; a superseded row
 * can only leave behind fields the newest one does not carry, and such a row is kept. Superseded rows are counted
 * as skipped, as the script would have skipped them or had them overwritten within the batch.
 */
final class NewestPerEntity {

    private NewestPerEntity() {
    }

    /**
     * The positions of the rows to send, in batch order.
     *
     * @param rows the batch
     * @param keys the Redis key of each row, same order
     * @return positions into {@code rows}, ascending
     */
    static List<Integer> select(List<FeatureRow> rows, List<byte[]> keys) {
        Map<Group, Integer> newest = new HashMap<>(rows.size() * 2);
        Group[] groups = new Group[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Group group = new Group(rows.get(i).view(), ByteBuffer.wrap(keys.get(i)));
            groups[i] = group;
            Integer current = newest.get(group);
            if (current == null || compare(rows.get(i), rows.get(current)) > 0) {
                newest.put(group, i);
            }
        }
        List<Integer> selected = new ArrayList<>(newest.size());
        for (int i = 0; i < rows.size(); i++) {
            int winner = newest.get(groups[i]);
            if (winner == i || !rows.get(winner).features().keySet().containsAll(rows.get(i).features().keySet())) {
                selected.add(i);
            }
        }
        return selected;
    }

    /** The script's order: event time, then created, a missing created before any present one. */
    static int compare(FeatureRow a, FeatureRow b) {
        int byEventTime = a.eventTime().compareTo(b.eventTime());
        if (byEventTime != 0) {
            return byEventTime;
        }
        Optional<Instant> createdA = a.created();
        Optional<Instant> createdB = b.created();
        if (createdA.isEmpty() || createdB.isEmpty()) {
            return Boolean.compare(createdA.isPresent(), createdB.isPresent());
        }
        return createdA.get().compareTo(createdB.get());
    }

    private record Group(String view, ByteBuffer key) {
    }
}
