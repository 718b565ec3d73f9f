package dev.flywheel.features.view;

import java.util.ArrayList;
import java.util.List;

/**
 * The accumulators of some features (one per feature, in order) over a set of events, and the latest
 * event time among them: an entity's own state (all-time features, passthrough fields, latest event time, last
 * created time) or one window slice of it, both parts of its {@link EntityState}.
 *
 * <p>Stored as {@link EntityStateCodec} encodes it (a slice without its times: they are not part of any value).
 */
final class FeatureState {

    private final List<FeatureDef> features;
    private final Accumulator[] accumulators;
    private long latest = Long.MIN_VALUE;
    private long created = Long.MIN_VALUE;

    FeatureState(List<FeatureDef> features) {
        this.features = features;
        // Built on every state decode (the entity and each slice): an array and plain loops, no lambdas or lists.
        this.accumulators = new Accumulator[features.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = Accumulators.create(features.get(i));
        }
    }

    /** Adds an event: each feature reads its field from {@code values} (same order as the features). */
    void add(long eventTime, List<Object> values) {
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i].add(eventTime, values.get(i));
        }
        latest = Math.max(latest, eventTime);
    }

    /** Merges another state of the same features into this one. */
    void merge(FeatureState other) {
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i].merge(other.accumulators[i]);
        }
        latest = Math.max(latest, other.latest);
    }

    /**
     * Returns the {@code created} time of a row of this entity: now, but strictly after the previous one, so
     * two rows of one entity never tie on (event time, created) even when the wall clock (cached per poll by Kafka
     * Streams, in milliseconds) has not moved; the online tier keeps the later of two rows by it.
     */
    long nextCreated(long now) {
        created = created == Long.MIN_VALUE ? now : Math.max(now, created + 1);
        return created;
    }

    /** Returns the latest event time added, or {@code Long.MIN_VALUE} when empty. */
    long latest() {
        return latest;
    }

    /** Returns each feature's value, in order. */
    List<Object> results() {
        List<Object> results = new ArrayList<>(accumulators.length);
        for (Accumulator accumulator : accumulators) {
            results.add(accumulator.result());
        }
        return results;
    }

    /** Returns the features this state covers. */
    List<FeatureDef> features() {
        return features;
    }

    /** Returns the accumulator of the feature at an index. */
    Accumulator accumulator(int index) {
        return accumulators[index];
    }

    /** Returns the last created time handed out, or {@code Long.MIN_VALUE} when none. */
    long created() {
        return created;
    }

    /** Sets the times read back from a stored state. */
    void restore(long latestEventTime, long lastCreated) {
        this.latest = latestEventTime;
        this.created = lastCreated;
    }
}
