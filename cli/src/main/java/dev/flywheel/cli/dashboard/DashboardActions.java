package dev.flywheel.cli.dashboard;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the dashboard's write routes do, behind one interface so the routes can be tested with fakes.
 * {@link KafkaDashboardActions} is the real one: the same code as {@code flywheel dlq replay} and
 * {@code flywheel train}. The routes check the API token before calling it.
 */
public interface DashboardActions {

    /** Actions where none can run: every call says so (503). */
    DashboardActions NONE = new DashboardActions() {
        @Override
        public Replay replayDlq(String source, Set<String> reasons, boolean again) {
            throw new SourceUnavailableException("Replaying dead letters is not available here", null);
        }

        @Override
        public TrainingAsked requestTraining(String model, String commandId, String requestedBy) {
            throw new SourceUnavailableException("Requesting a training is not available here", null);
        }
    };

    /**
     * Replays a source's dead letters, each record once (exactly-once, as {@code flywheel dlq replay}).
     *
     * @param source a source of the spec
     * @param reasons only these reason codes; empty for all
     * @param again also replay records an earlier replay re-submitted
     * @return what was done
     * @throws NotFoundException for a source the spec does not declare
     */
    Replay replayDlq(String source, Set<String> reasons, boolean again);

    /**
     * Asks the training trigger for a training by hand (as {@code flywheel train}).
     *
     * @param model a model of the spec
     * @param commandId the command id: the same id always makes the same request
     * @param requestedBy who asks
     * @return the request
     * @throws NotFoundException for a model the spec does not declare
     */
    TrainingAsked requestTraining(String model, String commandId, String requestedBy);

    /**
     * What a replay did.
     *
     * @param dlqTopic the dead-letter topic read
     * @param matched records that matched the filter
     * @param replayed records re-submitted now
     * @param alreadyReplayed matching records an earlier replay had re-submitted, skipped
     * @param byTopic records re-submitted per topic
     * @param unreadable coordinates of records that could not be decoded
     */
    record Replay(String dlqTopic, int matched, int replayed, int alreadyReplayed, Map<String, Integer> byTopic,
                  List<String> unreadable) {
        /** Copies the collections. */
        public Replay {
            byTopic = Map.copyOf(byTopic);
            unreadable = List.copyOf(unreadable);
        }
    }

    /**
     * A training request that was written.
     *
     * @param model the model
     * @param requestId the trigger's request id ({@code <model>-<hash of the causes>})
     * @param commandId its only cause, {@code manual:<id>}
     */
    record TrainingAsked(String model, String requestId, String commandId) {
    }
}
