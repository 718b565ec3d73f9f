package dev.flywheel.training.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the policy remembers of one model (a JSON value in the {@code trigger-policy} store, keyed by model). Public
 * fields only because Jackson writes it; only {@link PolicyProcessor} changes it.
 */
public final class PolicyState {

    /** Event ids remembered to ignore replays. */
    static final int REMEMBERED = 5000;

    /** When the last request was made (epoch ms), -1 for never. */
    public long lastRequestAt = -1;
    /** Rows that arrived since the last request. */
    public long rowsSinceLast;
    /** Ids of the {@code DataAvailable} events counted in {@link #rowsSinceLast} (at most {@link #REMEMBERED}). */
    public List<String> dataCauses = new ArrayList<>();
    /** When the first pending cause arrived (epoch ms), -1 when nothing is pending. */
    public long pendingSince = -1;
    /** Causes waiting to become a request, in arrival order. */
    public List<String> pendingCauses = new ArrayList<>();
    /** The trigger kinds of the pending causes, first first. */
    public List<String> pendingKinds = new ArrayList<>();
    /** The reasons of the pending causes. */
    public List<String> pendingReasons = new ArrayList<>();
    /** Requests made and not yet finished. */
    public Set<String> active = new LinkedHashSet<>();
    /** Every event id seen (causes, requests, finished requests), oldest first, bounded. */
    public Deque<String> seen = new ArrayDeque<>();
    /** The last schedule slot seen (epoch ms / interval), -1 before the first. */
    public long scheduleSlot = -1;

    boolean seen(String id) {
        return seen.contains(id);
    }

    void remember(String id) {
        if (!seen.contains(id)) {
            seen.addLast(id);
            while (seen.size() > REMEMBERED) {
                seen.removeFirst();
            }
        }
    }

    void addPending(String cause, String kind, String reason, long now) {
        if (pendingCauses.contains(cause)) {
            return;
        }
        if (pendingSince < 0) {
            pendingSince = now;
        }
        pendingCauses.add(cause);
        if (!pendingKinds.contains(kind)) {
            pendingKinds.add(kind);
        }
        pendingReasons.add(reason);
    }

    void clearPending() {
        pendingSince = -1;
        pendingCauses = new ArrayList<>();
        pendingKinds = new ArrayList<>();
        pendingReasons = new ArrayList<>();
    }

    void resetRows() {
        rowsSinceLast = 0;
        dataCauses = new ArrayList<>();
    }

    /** The distinct reasons, in order. */
    List<String> reasons() {
        return List.copyOf(new LinkedHashSet<>(pendingReasons));
    }
}
