package dev.flywheel.topology.runtime;

/** Whether a stage is doing its work. */
public enum HealthStatus {
    /** Running: processing its partitions. */
    UP,
    /** Created, starting or rebalancing: not processing yet, expected to be soon. */
    STARTING,
    /** Stopped or failed; the health's reason says which. */
    DOWN
}
