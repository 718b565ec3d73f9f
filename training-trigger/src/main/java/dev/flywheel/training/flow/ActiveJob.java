package dev.flywheel.training.flow;

import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TrainingState;
import dev.flywheel.training.launch.LaunchRequest;
import dev.flywheel.training.launch.Launcher;

/**
 * A launched job that has not ended: what {@link RequestRunner#check} needs to look at it again and finish it, and the
 * state last published for it. It holds no thread; the {@link JobWatcher} looks at it every watch interval.
 */
public final class ActiveJob {

    private final TrainingRequested request;
    private final LaunchRequest launch;
    private final BuiltDataset dataset;
    private final Launcher launcher;
    private TrainingState published;
    private boolean ended;

    ActiveJob(TrainingRequested request, LaunchRequest launch, BuiltDataset dataset, Launcher launcher,
              TrainingState published) {
        this.request = request;
        this.launch = launch;
        this.dataset = dataset;
        this.launcher = launcher;
        this.published = published;
    }

    /** The request. */
    public TrainingRequested request() {
        return request;
    }

    /** What was launched: the job's name, namespace, output. */
    public LaunchRequest launch() {
        return launch;
    }

    /** Its dataset. */
    BuiltDataset dataset() {
        return dataset;
    }

    /** The backend running it. */
    public Launcher launcher() {
        return launcher;
    }

    /** The state of the last status published. */
    synchronized TrainingState published() {
        return published;
    }

    synchronized void published(TrainingState state) {
        this.published = state;
    }

    /** Whether its terminal status was published. */
    public synchronized boolean ended() {
        return ended;
    }

    synchronized void end() {
        this.ended = true;
    }
}
