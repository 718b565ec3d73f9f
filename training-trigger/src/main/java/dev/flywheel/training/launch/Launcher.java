package dev.flywheel.training.launch;

/**
 * Runs training jobs on one backend. Every method is idempotent by job name: launching a job that exists attaches
 * to it, so a replayed request or a restarted trigger never runs a second job.
 */
public interface Launcher extends AutoCloseable {

    /** The backend name, as {@code TrainingRequested.backend}: local, job, trainjob, pytorchjob or katib. */
    String backend();

    /**
     * Creates the job, or attaches to the one of the same name.
     *
     * @param request what to run
     * @return what the job looks like right after
     * @throws LaunchException when the backend refuses it for good (e.g. HTTP 403 or 422)
     */
    JobObservation launch(LaunchRequest request);

    /**
     * Looks at a job.
     *
     * @param request the job's request (its name, namespace, output)
     * @return its state; FAILED with a reason when it does not exist
     */
    JobObservation observe(LaunchRequest request);

    /**
     * Asks to be told when a job may have ended, so that it is looked at before the next poll. Backends that cannot
     * tell do nothing: their jobs are polled every watch interval.
     *
     * @param request the job's request
     * @param callback runs once (on any thread) when the job may have ended; it must not block
     */
    default void onEnd(LaunchRequest request, Runnable callback) {
    }

    /** Stops a job if it runs; does nothing otherwise. */
    void cancel(LaunchRequest request);

    /** Releases the backend's clients. */
    @Override
    void close();
}
