package dev.flywheel.training.flow;

import dev.flywheel.schemas.events.TrainingJobStatus;
import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs requests, each at most once at a time, and never more jobs of a model at once than its {@code max_concurrent}
 * (manual requests included: the policy only holds back automatic ones). A request's steps up to its job's
 * submission run on a bounded pool of request threads; the job is then watched by the {@link JobWatcher}, which holds
 * no request thread, so running jobs never keep a new request from being submitted. The model's slot is held until
 * the job ends; a request waiting for one holds no thread either.
 */
public final class RequestScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestScheduler.class);

    private final FlywheelSpec spec;
    private final RequestRunner runner;
    private final JobWatcher watcher;
    private final ExecutorService pool;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, ModelSlots> slots = new ConcurrentHashMap<>();

    /**
     * Creates the scheduler.
     *
     * @param spec the models (their {@code max_concurrent})
     * @param runner runs one request up to its submission
     * @param watcher watches the submitted jobs
     * @param threads requests being prepared and submitted at once (dataset build, staging, launch), all models
     *                together; jobs being watched take none
     */
    public RequestScheduler(FlywheelSpec spec, RequestRunner runner, JobWatcher watcher, int threads) {
        this.spec = spec;
        this.runner = runner;
        this.watcher = watcher;
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "training-request-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs a request unless it already runs here.
     *
     * @param request the request
     * @param last its latest status, when resuming
     * @return whether it was scheduled
     */
    public boolean submit(TrainingRequested request, Optional<TrainingJobStatus> last) {
        if (!running.add(request.getRequestId())) {
            return false;
        }
        slots(request.getModel()).admit(() -> dispatch(request, last));
        return true;
    }

    private ModelSlots slots(String model) {
        return slots.computeIfAbsent(model, m -> new ModelSlots(
                spec.model(m).map(ModelSpec::retrain).map(r -> r.maxConcurrent()).orElse(1)));
    }

    private void dispatch(TrainingRequested request, Optional<TrainingJobStatus> last) {
        try {
            pool.execute(() -> start(request, last));
        } catch (RejectedExecutionException e) {
            LOG.debug("Request {} not started: the trigger is closing; it resumes after a restart",
                    request.getRequestId());
            running.remove(request.getRequestId());
        }
    }

    private void start(TrainingRequested request, Optional<TrainingJobStatus> last) {
        boolean watched = false;
        try {
            Optional<ActiveJob> job = runner.submit(request, last);
            if (job.isPresent()) {
                watcher.watch(job.get(), () -> end(request));
                watched = true;
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("Request {} submitted while the trigger closes: it is watched again after a restart",
                    request.getRequestId());
        } catch (RuntimeException e) {
            LOG.error("Request {} stopped before its job was watched; it resumes after a restart",
                    request.getRequestId(), e);
        } finally {
            if (!watched) {
                end(request);
            }
        }
    }

    private void end(TrainingRequested request) {
        running.remove(request.getRequestId());
        slots(request.getModel()).release();
    }

    /** Requests not ended: waiting for a slot, being submitted, or their job being watched. */
    public int inFlight() {
        return running.size();
    }

    /** Jobs submitted and watched, not ended. */
    public int watching() {
        return watcher.watching();
    }

    /** Interrupts every request being submitted and stops watching (both resume after a restart). */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Training requests still being submitted after 10 s: {}", running);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watcher.close();
        }
    }
}
