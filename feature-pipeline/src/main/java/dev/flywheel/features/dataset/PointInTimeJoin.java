package dev.flywheel.features.dataset;

import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The point-in-time join of one view, as Feast's {@code get_historical_features} defines it: for an entity row at
 * time {@code t}, the feature row of the same entity with the greatest event time in {@code [t - ttl, t]} (both ends
 * inclusive; ttl 0 = no lower bound); ties go to the greater {@code created}, then to the later input position; no
 * match gives nulls; a row from after {@code t} is never used.
 *
 * <p>Both inputs arrive sorted ({@link EntityProbe#ORDER}, {@link FeatureRow#ORDER}), so the join is one merge pass
 * holding one candidate row: within one entity the probes' times only grow, so the best row at or before {@code t}
 * only moves forward, and it is the last row read whose event time is {@code <= t}. If that row is older than the
 * ttl allows, every other candidate is older still.
 */
public final class PointInTimeJoin {

    private PointInTimeJoin() {
    }

    /**
     * Joins.
     *
     * @param probes entity rows in {@link EntityProbe#ORDER}
     * @param rows feature rows in {@link FeatureRow#ORDER}
     * @param ttlMillis the view's ttl; 0 = no lower bound
     * @param out receives one answer per probe, in probe order
     */
    public static void join(Iterator<EntityProbe> probes, Iterator<FeatureRow> rows, long ttlMillis,
                            Consumer<JoinedValues> out) {
        FeatureRow next = rows.hasNext() ? rows.next() : null;
        FeatureRow best = null;
        String key = null;
        while (probes.hasNext()) {
            EntityProbe probe = probes.next();
            if (!probe.key().equals(key)) {
                key = probe.key();
                best = null;
                while (next != null && next.key().compareTo(key) < 0) {
                    next = rows.hasNext() ? rows.next() : null;
                }
            }
            while (next != null && next.key().equals(key) && next.eventTime() <= probe.timestamp()) {
                best = next;
                next = rows.hasNext() ? rows.next() : null;
            }
            boolean fresh = best != null && (ttlMillis <= 0 || best.eventTime() >= probe.timestamp() - ttlMillis);
            out.accept(new JoinedValues(probe.index(), fresh ? best.values() : null));
        }
    }
}
