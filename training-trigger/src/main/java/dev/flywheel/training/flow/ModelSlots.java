package dev.flywheel.training.flow;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The job slots of one model ({@code max_concurrent}): a request takes one from before its dataset build to its job's
 * end. A request that finds none waits in line without holding a thread, and starts when a slot is given back.
 */
final class ModelSlots {

    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int free;

    ModelSlots(int slots) {
        this.free = slots;
    }

    /** Runs {@code start} now if a slot is free (taking it), else when one is given back. */
    void admit(Runnable start) {
        synchronized (this) {
            if (free == 0) {
                waiting.add(start);
                return;
            }
            free--;
        }
        start.run();
    }

    /** Gives a slot back: to the first request waiting, which starts now, or to the free ones. */
    void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                free++;
                return;
            }
        }
        next.run();
    }

    /** Requests waiting for a slot. */
    synchronized int waiting() {
        return waiting.size();
    }
}
