package dev.flywheel.topology.spec;

/**
 * An enumeration spelled in {@code flywheel.yaml}: each constant knows the word users write for it.
 */
public interface SpecEnum {

    /** Returns the word written in the spec, for example {@code distinct_count}. */
    String yamlName();
}
