package dev.flywheel.features.view;

import java.util.List;

/**
 * Everything a view keeps about one entity, stored as one value of the view's state store: the entity's own state
 * (latest event time, last {@code created}, the all-time features and passthrough fields) and, per
 * {@link WindowGroup} of the view (same order), the slices still within the group's retention.
 *
 * <p>Stored as {@link EntityStateCodec} encodes it.
 */
final class EntityState {

    private final List<FeatureDef> unwindowed;
    private final List<WindowGroup> groups;
    private FeatureState entity;
    private final Slices[] windows;

    /**
     * An empty state of an entity.
     *
     * @param unwindowed the view's features without a window ({@link ResolvedView#unwindowed()})
     * @param groups the view's window groups ({@link ResolvedView#windows()})
     */
    EntityState(List<FeatureDef> unwindowed, List<WindowGroup> groups) {
        this(unwindowed, groups, new FeatureState(unwindowed), emptySlices(groups.size()));
    }

    /** A state read back from storage: {@code windows} holds the slices of each group, in order. */
    EntityState(List<FeatureDef> unwindowed, List<WindowGroup> groups, FeatureState entity, Slices[] windows) {
        if (windows.length != groups.size()) {
            throw new IllegalArgumentException(windows.length + " slice sets for " + groups.size() + " window groups");
        }
        this.unwindowed = unwindowed;
        this.groups = groups;
        this.entity = entity;
        this.windows = windows;
    }

    private static Slices[] emptySlices(int groups) {
        Slices[] slices = new Slices[groups];
        for (int g = 0; g < groups; g++) {
            slices[g] = new Slices();
        }
        return slices;
    }

    /** Returns the entity's own state: latest event time, last created time, unwindowed features. */
    FeatureState entity() {
        return entity;
    }

    /** Returns the entity's latest event time, or {@code Long.MIN_VALUE} when it has none (new or forgotten). */
    long latest() {
        return entity.latest();
    }

    /** Returns the window groups whose slices it holds, in order. */
    List<WindowGroup> groups() {
        return groups;
    }

    /** Returns the slices of the window group at an index of {@link ResolvedView#windows()}. */
    Slices slices(int group) {
        return windows[group];
    }

    /**
     * Forgets the entity's own state (ttl): latest event time, created, all-time features. Its window slices stay
     * until they leave their retention, as slices in their own window stores did.
     */
    void forgetEntity() {
        entity = new FeatureState(unwindowed);
    }

    /**
     * Drops the slices of every group that are out of its retention (window size plus grace) at a stream time.
     *
     * @return whether any was dropped
     */
    boolean dropExpiredSlices(long streamTime) {
        boolean dropped = false;
        for (int g = 0; g < windows.length; g++) {
            dropped |= windows[g].dropUpTo(streamTime - groups.get(g).retention().toMillis());
        }
        return dropped;
    }

    /** Whether it holds no slice in any group. */
    boolean hasNoSlices() {
        for (Slices slices : windows) {
            if (slices.size() > 0) {
                return false;
            }
        }
        return true;
    }
}
