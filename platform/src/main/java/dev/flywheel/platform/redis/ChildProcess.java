package dev.flywheel.platform.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ending a child process together with any process it forked (a background save, an AOF rewrite). */
final class ChildProcess {

    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private ChildProcess() {
    }

    /** SIGTERM to the process and its descendants; after a grace period, SIGKILL. Waits for the exit. */
    static void terminate(Process process) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!waitForExit(process, KILL_GRACE)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            waitForExit(process, KILL_GRACE);
        }
    }

    /** True when the process exited within the timeout. */
    static boolean waitForExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
