package dev.flywheel.topology.topics;

/** Who creates a topic and decides its settings. */
public enum TopicOwner {
    /** Flywheel: provisioning creates it and checks its settings. */
    FLYWHEEL,
    /** The producers (a source, labels, predictions): Flywheel only reads it and never creates or checks it. */
    EXTERNAL
}
