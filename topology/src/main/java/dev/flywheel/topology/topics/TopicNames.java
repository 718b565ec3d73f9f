package dev.flywheel.topology.topics;

import java.util.Objects;

/**
 * The one place topic names are spelled. Flywheel's own topics carry the configured prefix; the
 * producers' topics (a source's input, labels, predictions) keep the names the spec gives them.
 */
public final class TopicNames {

    /** Base name of the topic announcing new offline data. */
    public static final String DATA_AVAILABLE = "flywheel.data-available";
    /** Base name of the topic of dataset snapshots (compacted). */
    public static final String DATASETS = "flywheel.datasets";
    /** Base name of the topic of drift alarms. */
    public static final String DRIFT = "flywheel.drift";
    /** Base name of the topic of training requests and job status. */
    public static final String TRAINING = "flywheel.training";
    /** Base name of the topic of model versions and promotions (compacted). */
    public static final String MODELS = "flywheel.models";
    /** Base name of the compacted topic that remembers which DLQ records were replayed. */
    public static final String DLQ_REPLAYS = "flywheel.dlq-replays";
    /** Suffix of a source's topic of valid records. */
    public static final String VALID_SUFFIX = ".valid";
    /** Suffix of a source's dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";
    /** Prefix of a feature view's topic. */
    public static final String FEATURES_PREFIX = "features.";

    private final String prefix;

    /**
     * Creates the names for a prefix.
     *
     * @param prefix prepended to every topic Flywheel owns; may be empty
     */
    public TopicNames(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** Returns the prefix. */
    public String prefix() {
        return prefix;
    }

    /** Returns {@code <prefix>flywheel.data-available}. */
    public String dataAvailable() {
        return prefix + DATA_AVAILABLE;
    }

    /** Returns {@code <prefix>flywheel.datasets}. */
    public String datasets() {
        return prefix + DATASETS;
    }

    /** Returns {@code <prefix>flywheel.drift}. */
    public String drift() {
        return prefix + DRIFT;
    }

    /** Returns {@code <prefix>flywheel.training}. */
    public String training() {
        return prefix + TRAINING;
    }

    /** Returns {@code <prefix>flywheel.models}. */
    public String models() {
        return prefix + MODELS;
    }

    /** Returns {@code <prefix>flywheel.dlq-replays}. */
    public String dlqReplays() {
        return prefix + DLQ_REPLAYS;
    }

    /** Returns {@code <prefix><source>.valid}. */
    public String valid(String source) {
        return prefix + source + VALID_SUFFIX;
    }

    /** Returns {@code <prefix><source>.dlq}. */
    public String dlq(String source) {
        return prefix + source + DLQ_SUFFIX;
    }

    /** Returns {@code <prefix>features.<view>}. */
    public String features(String view) {
        return prefix + FEATURES_PREFIX + view;
    }
}
