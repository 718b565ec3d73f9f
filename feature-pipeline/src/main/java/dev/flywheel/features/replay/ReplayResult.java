package dev.flywheel.features.replay;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a finished replay did.
 *
 * @param view the view
 * @param applicationId the replay's own Kafka Streams application id (and consumer group), removed afterwards
 * @param sourceTopic the topic read
 * @param featuresTopic the topic written
 * @param plan where it started and the end it reached
 * @param eventsRead source records the view read (refused ones included)
 * @param rowsWritten rows written to {@code featuresTopic}
 * @param rowsHeldBack rows of the warm-up, computed but not written
 * @param refused records refused again (sent to the DLQ by stage {@code features-<view>-replay-...})
 * @param committed the replay's committed offsets on the source when it stopped (at or past the plan's end)
 * @param deletedTopics the internal topics it created and deleted
 * @param leftBehind what could not be cleaned up, with the reason (empty when all went)
 * @param elapsed wall time from start to stop
 */
public record ReplayResult(String view, String applicationId, String sourceTopic, String featuresTopic, ReplayPlan plan,
                           long eventsRead, long rowsWritten, long rowsHeldBack, long refused,
                           Map<Integer, Long> committed, List<String> deletedTopics, List<String> leftBehind,
                           Duration elapsed) {

    public ReplayResult {
        committed = Map.copyOf(committed);
        deletedTopics = List.copyOf(deletedTopics);
        leftBehind = List.copyOf(leftBehind);
    }
}
