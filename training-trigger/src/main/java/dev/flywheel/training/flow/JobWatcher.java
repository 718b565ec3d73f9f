package dev.flywheel.training.flow;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every submitted job on one scheduled thread, so that a running job holds no request thread: each job is
 * looked at ({@link RequestRunner#check}) every watch interval, and at once when its launcher tells that it may have
 * ended ({@code Launcher.onEnd}: a local process's exit). When the job ends its terminal status is published and the
 * caller's callback runs (the scheduler frees the model's slot). A look that throws is logged and tried again at the
 * next interval. Closing stops the looks; the jobs keep running and are watched again after a restart.
 */
public final class JobWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobWatcher.class);

    private final RequestRunner runner;
    private final Duration interval;
    private final ScheduledExecutorService timer;
    private final Map<String, ScheduledFuture<?>> polls = new ConcurrentHashMap<>();

    /**
     * Creates the watcher and its thread.
     *
     * @param runner looks at a job and publishes its statuses
     * @param interval time between two looks at a job
     */
    public JobWatcher(RequestRunner runner, Duration interval) {
        this.runner = runner;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "training-watcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Watches a job until it ends.
     *
     * @param job the submitted job
     * @param onEnd runs once, on the watcher's thread, after the job's terminal status is published
     * @throws RejectedExecutionException when the watcher is closed
     */
    public void watch(ActiveJob job, Runnable onEnd) {
        String id = job.request().getRequestId();
        Runnable look = () -> look(job, onEnd);
        polls.put(id, timer.scheduleWithFixedDelay(look, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS));
        if (job.ended()) {
            stop(id);
        }
        job.launcher().onEnd(job.launch(), () -> nudge(look, id));
    }

    private void look(ActiveJob job, Runnable onEnd) {
        String id = job.request().getRequestId();
        try {
            if (runner.check(job).isPresent()) {
                stop(id);
                onEnd.run();
            }
        } catch (RuntimeException e) {
            LOG.error("Request {}: looking at job {} failed, trying again in {} ms", id, job.launch().jobName(),
                    interval.toMillis(), e);
        }
    }

    private void stop(String id) {
        ScheduledFuture<?> poll = polls.remove(id);
        if (poll != null) {
            poll.cancel(false);
        }
    }

    private void nudge(Runnable look, String id) {
        try {
            timer.execute(look);
        } catch (RejectedExecutionException e) {
            LOG.debug("Request {}: its job ended while the watcher closes; it is looked at after a restart", id);
        }
    }

    /** Jobs watched now. */
    public int watching() {
        return polls.size();
    }

    /** Stops watching (the jobs run on and are watched again after a restart) and waits a little for a look to end. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("A look at a training job still runs after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
