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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs requests on a bounded pool, each at most once at a time, and never more jobs of a model at once than its
 * {@code max_concurrent} (manual requests included: the policy only holds back automatic ones).
 */
public final class RequestScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestScheduler.class);

    private final FlywheelSpec spec;
    private final RequestRunner runner;
    private final ExecutorService pool;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

    /**
     * Creates the scheduler.
     *
     * @param spec the models (their {@code max_concurrent})
     * @param runner runs one request
     * @param threads requests in flight at once, all models together
     */
    public RequestScheduler(FlywheelSpec spec, RequestRunner runner, int threads) {
        this.spec = spec;
        this.runner = runner;
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
        pool.execute(() -> {
            Semaphore slot = slots.computeIfAbsent(request.getModel(), model -> new Semaphore(
                    spec.model(model).map(ModelSpec::retrain).map(r -> r.maxConcurrent()).orElse(1)));
            try {
                slot.acquire();
                try {
                    runner.run(request, last);
                } finally {
                    slot.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.remove(request.getRequestId());
            }
        });
        return true;
    }

    /** Requests in flight or waiting for a slot. */
    public int inFlight() {
        return running.size();
    }

    /** Interrupts every run (they resume after a restart) and waits a little for them to stop. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Training requests still running after 10 s: {}", running);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
